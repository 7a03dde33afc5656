// The fields of a session (create and edit): site, room, date, start time, invigilators
// (several names, added and removed one by one), notes, certification algorithm.

import { el, field, FormError, hidden } from "./ui.js";

const INVIGILATORS_MAX = 10;
const NOTES_MAX = 1000;
// The labels of roomserver/core/preparation.py ALGORITHMS.
const ALGORITHMS = [
  { value: "classic", label: "classique (3 questions par compétence positionnée)" },
  { value: "adaptive", label: "adaptative (32 questions, chacune choisie selon les réponses précédentes)" },
];

function invigilatorList(names) {
  const list = el("ol", { class: "invigilators-list" });
  const add = el("button", { type: "button", class: "small", text: "Ajouter un surveillant" });
  const fieldset = el("fieldset", { class: "field" }, el("legend", {}, "Surveillants"),
    el("p", { class: "hint" }, "Au moins un nom, par exemple «\u00a0Mme Martin\u00a0». Il faut au moins un surveillant pour 20 candidats."),
    list, add);

  const inputs = () => [...list.querySelectorAll("input")];
  const renumber = () => {
    const rows = [...list.children];
    rows.forEach((row, i) => {
      row.querySelector("label").textContent = `Surveillant ${i + 1}`;
      const remove = row.querySelector("button");
      remove.replaceChildren("Retirer", hidden(` le surveillant ${i + 1}`));
      remove.hidden = rows.length === 1;
    });
    add.hidden = rows.length >= INVIGILATORS_MAX;
  };
  const addRow = (value = "") => {
    const line = field("Surveillant", "input", { type: "text", maxlength: 60, size: 24, value: value || null,
      autocomplete: "off" }, { className: "inline" });
    const remove = el("button", { type: "button", class: "small" }, "Retirer");
    const row = el("li", {}, line.element, remove);
    remove.addEventListener("click", () => {
      const index = [...list.children].indexOf(row);
      row.remove();
      renumber();
      const rest = inputs();
      (rest[Math.max(0, index - 1)] || add).focus();
    });
    list.append(row);
    renumber();
    return line.input;
  };
  add.addEventListener("click", () => addRow().focus());
  (names && names.length ? names : [""]).forEach((name) => addRow(name));
  return { element: fieldset, values: () => inputs().map((i) => i.value.trim()).filter(Boolean), first: () => inputs()[0] };
}

/** The fields, filled with `details` when editing; read() -> the request body or a FormError. */
export function sessionFields(details = {}) {
  const site = field("Établissement", "input", { type: "text", maxlength: 120, size: 40, value: details.site || null,
    autocomplete: "organization" });
  const room = field("Salle", "input", { type: "text", maxlength: 60, size: 16, value: details.room || null });
  const date = field("Date", "input", { type: "date", value: details.date || null });
  const time = field("Heure de début", "input", { type: "time", value: details.start_time || null },
    { hint: "par exemple 09:00" });
  const invigilators = invigilatorList(details.invigilators);
  const notes = field("Notes (facultatif)", "textarea", { rows: 3, maxlength: NOTES_MAX, cols: 50 },
    { hint: "Ce que le surveillant doit savoir\u00a0: matériel, accès à la salle…", counter: NOTES_MAX });
  notes.input.value = details.notes || "";
  notes.input.updateCounter();
  const algorithm = field("Algorithme de certification", "select", {},
    { options: ALGORITHMS.map((a) => ({ ...a, selected: a.value === (details.algorithm || "classic") })),
      hint: "Adaptative\u00a0: le test actuel de la plateforme (score sur 895, un niveau par compétence)\u00a0; la "
        + "version de certification du contenu installé est enregistrée avec la session." });

  const element = el("div", { class: "session-fields" },
    el("div", { class: "row" }, site.element, room.element),
    el("div", { class: "row" }, date.element, time.element),
    invigilators.element, notes.element, algorithm.element);

  function read() {
    const body = {
      site: site.input.value.trim(), room: room.input.value.trim(), date: date.input.value,
      start_time: time.input.value, invigilators: invigilators.values(), notes: notes.input.value.trim(),
      algorithm: algorithm.input.value,
    };
    if (!body.site) throw new FormError("Indiquez l'établissement.", site.input);
    if (!body.room) throw new FormError("Indiquez la salle.", room.input);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date)) throw new FormError("Indiquez la date de la session.", date.input);
    if (!/^\d{2}:\d{2}$/.test(body.start_time)) throw new FormError("Indiquez l'heure de début.", time.input);
    if (!body.invigilators.length) throw new FormError("Indiquez le nom d'au moins un surveillant.", invigilators.first());
    return body;
  }

  /** The field a server refusal is about (by its code, or the field it quotes), or null. */
  function fieldFor(error) {
    const code = error.code || "";
    const message = error.message || "";
    if (code.startsWith("date") || /«\s?date/.test(message)) return date.input;
    if (code.startsWith("start_time") || /start_time|Heure/.test(message)) return time.input;
    if (code.startsWith("invigilators") || /invigilators|Surveillant/.test(message)) return invigilators.first();
    if (/«\s?site|Établissement/.test(message)) return site.input;
    if (/«\s?room|Salle/.test(message)) return room.input;
    if (/notes|Notes/.test(message)) return notes.input;
    if (code.startsWith("algorithm") || code.startsWith("adaptive") || code.startsWith("certification")) {
      return algorithm.input;
    }
    return null;
  }

  return { element, read, fieldFor };
}

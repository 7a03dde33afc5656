// The finalisation of a closed session (within 48 h): an abort reason for every unfinished
// test, incident codes per candidate, end screens seen, a comment, two yes / no questions;
// then a summary to confirm, because finalising seals the session.

import { uid } from "../shared/dom.js";
import { formDialog } from "./dialogs.js";
import { check, el, errorBox, field, FormError, setText, showError } from "./ui.js";
import { count, moment, NBSP, of } from "./words.js";

const COMMENT_MAX = 500;
const ABORT = [["abandon", "Abandon du candidat"], ["technical", "Problème technique"]];
const ABORT_WORDS = { abandon: "abandon du candidat", technical: "problème technique" };

function deadlineText(data) {
  if (data.late) return "Délai de 48 h dépassé\u00a0: la finalisation reste possible et sera signalée.";
  if (data.hours_left === null || data.hours_left === undefined) return "La finalisation se fait dans les 48 h qui suivent le démarrage de la session.";
  const hours = Math.floor(data.hours_left);
  const left = hours < 1 ? "Il reste moins d'une heure pour finaliser" : `Il reste ${hours}${NBSP}h pour finaliser`;
  return data.deadline ? `${left} (jusqu'au ${moment(data.deadline)}).` : `${left}.`;
}

function yesNo(question, name, value) {
  const legendId = uid("legend");
  const yes = check("radio", name, "yes", "Oui", { checked: value === true });
  const no = check("radio", name, "no", "Non", { checked: value === false });
  const element = el("fieldset", { class: "field yes-no", "aria-labelledby": legendId },
    el("legend", { id: legendId }, question), el("div", { class: "choices" }, yes.element, no.element));
  return { element, value: () => (yes.input.checked ? true : no.input.checked ? false : null), first: yes.input };
}

function abortReasons(unfinished, adaptive) {
  if (!unfinished.length) return { element: null, read: () => ({}), describe: () => [] };
  const groups = unfinished.map((c) => {
    const radios = ABORT.map(([value, label]) => check("radio", `abort-${c.candidate_id}`, value, label));
    const progress = c.total ? `, ${c.answered} ${c.answered > 1 ? "questions" : "question"} sur ${c.total}` : "";
    const element = el("fieldset", { class: "abort" }, el("legend", {}, `${c.name} (${c.status_label}${progress})`),
      el("div", { class: "choices" }, radios.map((r) => r.element)));
    return { candidate: c, radios, element };
  });
  const element = el("fieldset", { class: "field group" },
    el("legend", {}, `Tests non terminés\u00a0: ${count(unfinished.length, "raison à indiquer", "raisons à indiquer")}`),
    el("p", { class: "hint" }, adaptive
      ? `Pour chaque test arrêté avant la fin, dites pourquoi. Test adaptatif${NBSP}: après un abandon avec 20 à 31 `
        + `réponses, les questions manquantes comptent comme des échecs${NBSP}; après un problème technique, le score `
        + `vient des réponses données. Moins de 20 réponses${NBSP}: pas de score (rejet après un abandon, annulation `
        + "après un problème technique)."
      : "Pour chaque test arrêté avant la fin, dites pourquoi. Un problème technique "
      + "neutralise les questions que le candidat n'a pas pu voir\u00a0; un abandon les compte comme passées."),
    groups.map((g) => g.element));
  const read = () => {
    const reasons = {};
    for (const g of groups) {
      const chosen = g.radios.find((r) => r.input.checked);
      if (!chosen) throw new FormError(`Indiquez pourquoi le test ${of(g.candidate.name)} s'est arrêté.`, g.radios[0].input);
      reasons[g.candidate.candidate_id] = chosen.input.value;
    }
    return reasons;
  };
  const describe = (reasons) => groups.map((g) => `${g.candidate.name} : ${ABORT_WORDS[reasons[g.candidate.candidate_id]]}`);
  return { element, read, describe };
}

/** C-codes then E-codes, in number order (E2 before E10), whatever order the JSON keys came in. */
function codeOrder([a], [b]) {
  return a[0].localeCompare(b[0]) || Number(a.slice(1)) - Number(b.slice(1));
}

function incidentCodes(candidates, codes, adaptive) {
  const entries = Object.entries(codes).sort(codeOrder);
  const rows = candidates.map((c) => {
    const boxes = entries.map(([code, label]) => ({ code, ...check("checkbox", `codes-${c.candidate_id}`, code,
      `${code} — ${label}`, { checked: (c.incident_codes || []).includes(code) }) }));
    const summary = el("summary", {});
    const update = () => {
      const ticked = boxes.filter((b) => b.input.checked).map((b) => b.code);
      setText(summary, `${c.name} : ${ticked.length ? ticked.join(", ") : "aucun code"}`);
    };
    boxes.forEach((b) => b.input.addEventListener("change", update));
    update();
    const element = el("details", { class: "codes" }, summary,
      el("fieldset", {}, el("legend", { class: "visually-hidden" }, `Codes d'incident ${of(c.name)}`),
        el("div", { class: "code-grid" }, boxes.map((b) => b.element))));
    return { candidate: c, boxes, element };
  });
  const element = el("fieldset", { class: "field group" }, el("legend", {}, "Codes d'incident par candidat"),
    el("p", { class: "hint" }, "Préremplis avec ce que le surveillant a noté. Ouvrez un candidat pour ajouter ou "
      + "retirer un code." + (adaptive ? ` Test adaptatif${NBSP}: codes C seulement (les problèmes de question ont été `
      + "traités en direct, la question remplacée)." : "")), rows.map((r) => r.element));
  const read = () => Object.fromEntries(rows.map((r) => [r.candidate.candidate_id,
    r.boxes.filter((b) => b.input.checked).map((b) => b.code)]));
  return { element, read };
}

function endScreens(candidates) {
  const over = candidates.filter((c) => c.test_over !== false);
  const others = candidates.filter((c) => c.test_over === false);
  const boxes = over.map((c) => ({ candidate: c, ...check("checkbox", "end-screens", c.candidate_id,
    c.end_screen_seen ? `${c.name} (déjà noté par le surveillant)` : c.name,
    { checked: c.end_screen_seen, attrs: { disabled: c.end_screen_seen || null } }) }));
  const open = () => boxes.filter((b) => !b.input.disabled);
  const all = el("button", { type: "button", class: "small", dataset: { focusKey: "finalise:all-screens" } });
  const label = () => setText(all, open().every((b) => b.input.checked) ? "Tout décocher" : "Tout cocher");
  all.addEventListener("click", () => {
    const target = !open().every((b) => b.input.checked);
    open().forEach((b) => { b.input.checked = target; });
    label();
  });
  boxes.forEach((b) => b.input.addEventListener("change", label));
  label();
  const element = el("fieldset", { class: "field group" }, el("legend", {}, "Écrans de fin vus par le surveillant"),
    el("p", { class: "hint" }, boxes.length ? "Cochez chaque candidat dont le surveillant a vu l'écran de fin."
      : "Aucun candidat n'a terminé son test."),
    open().length ? all : null, el("div", { class: "check-grid" }, boxes.map((b) => b.element)),
    others.length ? el("p", { class: "hint" }, `Sans test terminé (rien à cocher)\u00a0: ${others.map((c) => c.name).join(", ")}.`)
      : null);
  const read = () => boxes.filter((b) => b.input.checked).map((b) => b.candidate.candidate_id);
  return { element, read, total: boxes.length };
}

function summary(data, body, aborts, screensTotal, adaptive) {
  const names = Object.fromEntries(data.candidates.map((c) => [c.candidate_id, c.name]));
  const coded = Object.entries(body.incident_codes).filter(([, list]) => list.length)
    .map(([id, list]) => `${names[id] || id} : ${list.join(", ")}`);
  const yes = (value) => (value ? "oui" : "non");
  return [
    el("p", { class: "message note seal" }, "Finaliser scelle la session\u00a0: plus rien ne pourra y être modifié."),
    data.late ? el("p", { class: "message note" }, "Le délai de 48 h est dépassé\u00a0: le retard sera signalé.") : null,
    el("ul", { class: "summary" },
      el("li", {}, count(data.candidates.length, "candidat", "candidats", "aucun candidat")),
      el("li", {}, "Tests non terminés\u00a0: ", aborts.length ? aborts.join("\u00a0; ") : "aucun"),
      el("li", {}, "Codes d'incident\u00a0: ", coded.length ? coded.join("\u00a0; ") : "aucun"),
      adaptive ? null : el("li", {}, `Écrans de fin vus\u00a0: ${body.end_screens_seen.length} sur ${screensTotal}`),
      el("li", {}, `Incident pendant la session\u00a0: ${yes(body.incident_occurred)}`),
      el("li", {}, `Problème pour rejoindre la session\u00a0: ${yes(body.joining_issue)}`),
      el("li", { class: "pre" }, "Commentaire\u00a0: ", body.comment ? `«\u00a0${body.comment}\u00a0»` : "aucun")),
  ];
}

function form(ctx, page, data, reload) {
  // Adaptive sessions (ADAPTIVE.md): abort reasons, C-codes, comment, the two questions; no end-screen box.
  const adaptive = data.algorithm === "adaptive";
  const aborts = abortReasons(data.unfinished || [], adaptive);
  const codes = incidentCodes(data.candidates || [], data.codes || {}, adaptive);
  const screens = adaptive ? { element: null, read: () => [], total: 0 } : endScreens(data.candidates || []);
  const comment = field("Commentaire sur la session (facultatif)", "textarea", { rows: 4, cols: 60 },
    { counter: COMMENT_MAX, hint: "Ce qui s'est passé d'inhabituel, en quelques phrases." });
  comment.input.value = data.comment || "";
  comment.input.updateCounter();
  const incident = yesNo("Un incident a-t-il eu lieu pendant la session\u00a0?", "incident-occurred", data.incident_occurred);
  const joining = yesNo("Un candidat a-t-il eu du mal à rejoindre la session\u00a0?", "joining-issue", data.joining_issue);
  const error = errorBox();
  const submit = el("button", { type: "submit", class: "primary", dataset: { focusKey: "finalise:submit" } },
    "Vérifier puis finaliser…");
  const element = el("form", { class: "finalise-form", novalidate: true },
    aborts.element, codes.element, screens.element, comment.element, incident.element, joining.element, error,
    el("div", { class: "actions" }, submit));

  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    setText(error, "");
    element.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
    let body;
    try {
      const text = comment.input.value.trim();
      if (text.length > COMMENT_MAX) {
        throw new FormError(`Commentaire\u00a0: ${COMMENT_MAX} caractères au plus (${text.length} saisis).`, comment.input);
      }
      const abortReasonsChosen = aborts.read();
      const occurred = incident.value();
      if (occurred === null) throw new FormError("Dites si un incident a eu lieu pendant la session.", incident.first);
      const joiningIssue = joining.value();
      if (joiningIssue === null) throw new FormError("Dites si un candidat a eu du mal à rejoindre la session.", joining.first);
      body = { abort_reasons: abortReasonsChosen, comment: text, incident_occurred: occurred,
        joining_issue: joiningIssue, end_screens_seen: screens.read(), incident_codes: codes.read() };
    } catch (e) {
      if (e instanceof FormError) showError(error, e.message, e.input);
      return;
    }
    const result = await formDialog({
      title: `Finaliser la session n° ${page.session_number}\u00a0?`, submitLabel: "Finaliser la session",
      cancelLabel: "Revenir au formulaire", opener: submit, wide: true,
      body: summary(data, body, aborts.describe(body.abort_reasons), screens.total, adaptive),
      onSubmit: () => ctx.client.call("POST", `/sessions/${page.session_number}/finalise`, body),
    });
    if (result) {
      ctx.toast.show(result.late ? "Session finalisée (hors du délai de 48 h, c'est signalé)."
        : "Session finalisée\u00a0: les résultats sont prêts.");
      await reload("#results-title");
    }
  });
  return element;
}

/** Draw the finalisation section (a started or closed session) into `slot`. */
export async function showFinalisation(ctx, page, slot, reload) {
  const box = el("div", {}, el("p", {}, "Chargement de la finalisation…"));
  slot.replaceChildren(el("section", { class: "card finalisation", "aria-labelledby": "finalisation-title" },
    el("h2", { id: "finalisation-title" }, "Finalisation"), box));
  let data;
  try {
    data = await ctx.client.call("GET", `/sessions/${page.session_number}/finalisation`);
  } catch (e) {
    if (e.status === 401) return;
    const error = errorBox();
    box.replaceChildren(error);
    setText(error, e.status === 404 ? `La finalisation n'est pas disponible sur ce serveur de salle (${e.message})` : e.message);
    return;
  }
  if (!slot.isConnected) return;
  const deadline = el("p", { class: `message ${data.late ? "note" : ""} deadline` }, deadlineText(data));
  if (!data.can_finalise) {
    const again = el("button", { type: "button", dataset: { focusKey: "finalise:again" } }, "Vérifier de nouveau");
    again.addEventListener("click", () => reload());
    box.replaceChildren(deadline, el("p", { class: "message note" }, data.reason || "La session ne peut pas encore "
      + "être finalisée."), again);
    return;
  }
  box.replaceChildren(deadline, el("p", {}, "Vérifiez chaque partie, puis finalisez. Un résumé vous sera montré "
    + "avant de sceller la session."), form(ctx, page, data, reload));
}

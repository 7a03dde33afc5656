// What an invigilator can do for one candidate, according to the row's state and the
// session's; and doing it (a dialog when something must be typed or confirmed).

import * as api from "../shared/api.js";
import { ATTEMPT, INCIDENT_CODES, LIMITS, SESSION } from "../shared/constants.js";
import { announce, h } from "../shared/dom.js";
import { busy } from "./client.js";
import { field, FormError, formDialog, minutesFrom, textFrom } from "./dialogs.js";
import { UNDO_MS } from "./alerts.js";
import { addedWords, codeLabel, fullName, isEnded, isOpen, NBSP, ofName, plural } from "./words.js";

const OPEN_SESSION = new Set([SESSION.CREATED, SESSION.STARTED, SESSION.CLOSED]); // records still possible

/** [{key, label, primary?, danger?, inline?}] in the order they are offered. */
export function availableActions(row, session) {
  const status = session ? session.status : SESSION.CREATED;
  const actions = [];
  if (status === SESSION.CREATED && row.status === ATTEMPT.ENROLLED && row.certifiable) {
    actions.push({ key: "confirm", label: "Confirmer la présence", primary: true, inline: true });
  }
  if (status === SESSION.CREATED && row.status === ATTEMPT.PRESENT) {
    actions.push({ key: "cancel", label: "Annuler la présence", inline: true });
  }
  if (row.resume_pending && (status === SESSION.STARTED || status === SESSION.CREATED)) {
    // Another PC asks to take the candidate's place: let it in, or turn it away (the candidate's PC goes on).
    actions.push({ key: "resume", label: "Autoriser la reprise", primary: true, inline: true });
    actions.push({ key: "refuse", label: "Refuser la reprise", inline: true });
  }
  if (row.open_alerts > 0) actions.push({ key: "alert", label: "Traiter l'alerte", primary: true, inline: true });
  if (row.end_screen_seen === false && isEnded(row)
      && OPEN_SESSION.has(status)) {
    actions.push({ key: "seen", label: "Écran de fin vu", primary: true, inline: true });
  }
  if ((status === SESSION.STARTED || status === SESSION.CREATED)
      && (row.status === ATTEMPT.PRESENT || row.status === ATTEMPT.IN_TEST)) {
    actions.push({ key: "time", label: "Ajouter du temps" });
  }
  if (status === SESSION.STARTED && row.status === ATTEMPT.IN_TEST) {
    actions.push({ key: "end", label: "Terminer le test", danger: true });
  }
  if (OPEN_SESSION.has(status)) actions.push({ key: "incident", label: "Noter un incident" });
  if (OPEN_SESSION.has(status)) actions.push({ key: "identity", label: "Corriger l'identité (C1)" });
  return actions;
}

/** ctx: {store, call, toast, focusAlert(alertId)}; opener: the button that asked. */
export async function runAction(key, row, opener, ctx) {
  const base = `/candidates/${encodeURIComponent(row.candidate_id)}`;
  const name = fullName(row);
  const simple = async (method, path, done) => {
    const result = await busy(opener, ctx.toast, () => ctx.call(method, `${base}${path}`));
    if (result) announce(done);
  };
  switch (key) {
    case "confirm": return simple("POST", "/presence", `Présence ${ofName(row)} confirmée.`);
    case "cancel": return simple("DELETE", "/presence", `Présence ${ofName(row)} annulée.`);
    case "resume": return simple("POST", "/authorise-resume", `Reprise autorisée pour ${name}.`);
    case "refuse": return simple("POST", "/refuse-resume", `Reprise refusée${NBSP}: ${name} continue sur son poste.`);
    case "seen": {
      const result = await busy(opener, ctx.toast, () => ctx.call("POST", `${base}/end-screen-seen`));
      if (result) {
        ctx.toast.show(`Écran de fin ${ofName(row)} noté comme vu.`, "ok", {
          label: "Annuler «\u00a0Écran de fin vu\u00a0»",
          forMs: UNDO_MS,
          done: `Écran de fin ${ofName(row)} de nouveau à voir.`,
          run: () => ctx.call("POST", `${base}/end-screen-seen/undo`),
        });
      }
      return result;
    }
    case "identity": return correctIdentity(row, opener, ctx, base);
    case "alert": {
      const alert = (row.alerts || []).find(isOpen);
      return alert ? ctx.focusAlert(alert.alert_id) : null;
    }
    case "time": return addTime(row, opener, ctx, base);
    case "end": return endTest(row, opener, ctx, base);
    case "incident": return recordIncident(row, opener, ctx);
    default: return null;
  }
}

/** The minutes and reason fields shared by "add time" for one and for all. */
export function timeFields() {
  const minutes = field("Minutes à ajouter", "input", { type: "number", min: 1, max: LIMITS.ADDED_MINUTES_MAX,
    step: 1, inputmode: "numeric", class: "minutes", required: true },
  { hint: `Un nombre entier de 1 à ${LIMITS.ADDED_MINUTES_MAX}.` });
  const reason = field("Motif", "input", { type: "text", maxlength: LIMITS.REASON_MAX, class: "wide", required: true,
    autocomplete: "off" }, { hint: "Par exemple\u00a0: panne du poste de 10 h 05 à 10 h 15. Il figure au procès-verbal." });
  return { minutes, reason };
}

async function addTime(row, opener, ctx, base) {
  const { minutes, reason } = timeFields();
  const requestId = api.newId(); // one per dialog: a retry after a blip adds the time once
  const already = row.added_s ? h("p", { text: `Déjà ajouté à ce candidat\u00a0: ${addedWords(row.added_s)}.` }) : null;
  const done = await formDialog({
    title: `Ajouter du temps à ${fullName(row)}`,
    body: [already, minutes.element, reason.element],
    submitLabel: "Ajouter ce temps",
    opener,
    onSubmit: async () => {
      const body = { minutes: minutesFrom(minutes.input, LIMITS.ADDED_MINUTES_MAX),
        reason: textFrom(reason.input, "Motif", LIMITS.REASON_MAX), request_id: requestId };
      await ctx.call("POST", `${base}/added-time`, body);
      return body.minutes;
    },
  });
  if (done) announce(`${plural(done, "minute ajoutée", "minutes ajoutées")} pour ${fullName(row)}.`);
}

async function endTest(row, opener, ctx, base) {
  const left = Math.max(0, row.total - row.answered);
  const done = await formDialog({
    title: `Terminer le test ${ofName(row)}\u00a0?`,
    body: [
      h("p", {}, h("strong", { text: "Cette action est irréversible\u00a0: " }),
        "le candidat ne pourra plus répondre, et son test ne pourra pas reprendre."),
      h("p", { text: left
        ? `Les questions restantes (${left} sur ${row.total}) compteront comme passées, c'est-à-dire non réussies.`
        : "Les questions restantes compteront comme passées, c'est-à-dire non réussies." }),
      h("p", { text: "Le candidat verra l'écran de fin\u00a0: allez le voir pour le noter comme vu." }),
    ],
    submitLabel: "Terminer le test",
    danger: true,
    initialFocus: null,
    opener,
    onSubmit: () => ctx.call("POST", `${base}/end-test`),
  });
  if (done) announce(`Test ${ofName(row)} terminé.`);
}

/** The code list of an incident form: C-codes, then E-codes (about a question). */
export function codeOptions(placeholder = "Choisissez un code…") {
  const group = (prefix, title) => ({ group: title, options: Object.keys(INCIDENT_CODES)
    .filter((code) => code.startsWith(prefix)).map((code) => ({ value: code, label: codeLabel(code) })) });
  return [{ value: "", label: placeholder }, group("C", "Candidat ou session (codes C)"),
    group("E", "Question (codes E)")];
}

async function recordIncident(row, opener, ctx) {
  const code = field("Code d'incident", "select", { required: true }, { options: codeOptions() });
  const question = field("Numéro de la question (facultatif)", "input", { type: "number", min: 1,
    max: row.total || LIMITS.QUESTIONS_MAX, step: 1, inputmode: "numeric", class: "minutes" },
  { hint: row.total ? `De 1 à ${row.total}, pour un incident sur une question (codes E).` : "Pour un incident sur une question (codes E)." });
  const text = field("Description", "textarea", { rows: 4, maxlength: LIMITS.TEXT_MAX, required: true },
    { hint: "Ce qui s'est passé, l'heure, ce qui a été fait." });
  const incidentId = api.newId();
  const done = await formDialog({
    title: `Noter un incident pour ${fullName(row)}`,
    body: [code.element, question.element, text.element],
    submitLabel: "Enregistrer l'incident",
    opener,
    onSubmit: async () => {
      if (!code.input.value) throw new FormError("Choisissez un code d'incident dans la liste.", code.input);
      const body = { incident_id: incidentId, candidate_id: row.candidate_id, code: code.input.value,
        text: textFrom(text.input, "Description", LIMITS.TEXT_MAX) };
      const number = question.input.value.trim();
      if (number) {
        const max = row.total || LIMITS.QUESTIONS_MAX;
        if (!/^\d+$/.test(number) || +number < 1 || +number > max) {
          throw new FormError(`Le numéro de question est un nombre de 1 à ${max}.`, question.input);
        }
        body.question_number = Number(number);
      }
      await ctx.call("POST", "/incidents", body);
      return body.code;
    },
  });
  if (done) announce(`Incident ${done} enregistré pour ${fullName(row)}.`);
}

/** The identity fields an invigilator may correct (C1), with their labels. */
const IDENTITY_FIELDS = [
  ["first_name", "Prénom"], ["last_name", "Nom de famille"], ["birthdate", "Date de naissance (AAAA-MM-JJ)"],
  ["birth_city", "Ville de naissance"], ["birth_postal_code", "Code postal de naissance"],
  ["birth_insee_code", "Code INSEE de la commune de naissance"], ["birth_country", "Pays de naissance"],
];

async function correctIdentity(row, opener, ctx, base) {
  const fields = IDENTITY_FIELDS.map(([key, label]) => [key, field(label, "input", {
    type: "text", class: "wide", autocomplete: "off", maxlength: 100, value: row[key] || "" })]);
  const done = await formDialog({
    title: `Corriger l'identité ${ofName(row)}`,
    body: [h("p", { class: "hint", text: "Ne remplissez que ce qui change. Le journal garde l'ancienne et la nouvelle identité, "
      + "avec votre nom (incident C1)." }), ...fields.map(([, f]) => f.element)],
    submitLabel: "Enregistrer la correction",
    opener,
    onSubmit: async () => {
      const body = {};
      for (const [key, f] of fields) {
        const value = f.input.value.trim();
        if (value && value !== (row[key] || "")) body[key] = value;
      }
      if (!Object.keys(body).length) throw new FormError(`Rien n'a changé${NBSP}: modifiez au moins un champ.`, fields[0][1].input);
      if (body.birthdate && !/^\d{4}-\d{2}-\d{2}$/.test(body.birthdate)) {
        throw new FormError(`Date de naissance${NBSP}: écrivez-la AAAA-MM-JJ, par exemple 2011-03-14.`,
          fields[2][1].input);
      }
      await ctx.call("POST", `${base}/identity-correction`, body);
      return true;
    },
  });
  if (done) announce(`Identité ${ofName(row)} corrigée.`);
}

// The session's own actions (header buttons): start, project the access code, add time to
// everyone, session incident, fraud report, comment, all end screens seen, close.

import * as api from "../shared/api.js";
import { ATTEMPT, LIMITS, SESSION } from "../shared/constants.js";
import { announce, h, uid } from "../shared/dom.js";
import { field, FormError, formDialog, minutesFrom, textFrom } from "./dialogs.js";
import { codeOptions, timeFields } from "./rowactions.js";
import { fullName, isEnded, NBSP, plural } from "./words.js";

const RECORDS_OPEN = new Set([SESSION.CREATED, SESSION.STARTED, SESSION.CLOSED]);

/** "KMPT47" -> "K M P T 4 7": easier to read aloud and to copy from the back of the room. */
export const spell = (code) => code.split("").join(" ");

/** The session buttons: [{key, label, visible(session), className}], in display order. */
export const SESSION_BUTTONS = [
  { key: "start", label: "Démarrer la session", className: "primary", visible: (s) => s.status === SESSION.CREATED },
  { key: "code", label: "Afficher le code d'accès", className: "primary", visible: (s, code) => Boolean(code) },
  { key: "timeAll", label: "Ajouter du temps à tous", visible: (s) => s.status === SESSION.STARTED },
  { key: "incident", label: "Incident de session", visible: (s) => RECORDS_OPEN.has(s.status) },
  { key: "fraud", label: "Procès-verbal de fraude", visible: (s) => RECORDS_OPEN.has(s.status) },
  { key: "comment", label: "Commentaire de session", visible: (s) => RECORDS_OPEN.has(s.status) },
  { key: "seenAll", label: "Tout marquer «\u00a0écran de fin vu\u00a0»",
    visible: (s) => s.status === SESSION.STARTED || s.status === SESSION.CLOSED },
  { key: "close", label: "Clôturer la session", className: "danger", visible: (s) => s.status === SESSION.STARTED },
];

export class SessionActions {
  /** ctx: {store, call, toast}. */
  constructor(ctx) {
    this.ctx = ctx;
    this.startedCode = null; // the code from the start answer, until the summary brings it
  }

  accessCode() {
    const summary = this.ctx.store.summary;
    return (summary && summary.access_code) || this.startedCode;
  }

  run(key, opener) {
    const handler = {
      start: () => this.start(opener), code: () => this.showCode(opener), timeAll: () => this.addTimeAll(opener),
      incident: () => this.incident(opener), fraud: () => this.fraud(opener), comment: () => this.comment(opener),
      seenAll: () => this.seenAll(opener), close: () => this.close(opener),
    }[key];
    return handler ? handler() : null;
  }

  rows() {
    return this.ctx.store.rowList();
  }

  async start(opener) {
    const rows = this.rows();
    const present = rows.filter((r) => r.status === ATTEMPT.PRESENT).length;
    const waiting = rows.filter((r) => r.status === ATTEMPT.ENROLLED && r.joined).length;
    const result = await formDialog({
      title: "Démarrer la session\u00a0?",
      body: [
        h("p", { text: "Le code d'accès va s'afficher\u00a0: donnez-le aux candidats. Le temps de test commence maintenant." }),
        h("p", {}, h("strong", { text: "Les retardataires ne pourront plus entrer\u00a0: " }),
          "un candidat dont la présence n'est pas confirmée ne pourra pas commencer le test."),
        h("p", { class: "count", text: `${plural(present, "candidat présent", "candidats présents")} sur ${plural(rows.length, "inscrit")}.` }),
        waiting ? h("p", { class: "message note", text: `${plural(waiting, "candidat connecté attend", "candidats connectés attendent")} encore la confirmation de sa présence.` }) : null,
      ],
      submitLabel: "Démarrer la session",
      opener,
      onSubmit: () => this.ctx.call("POST", "/session/start"),
    });
    if (!result) return;
    this.startedCode = result.access_code;
    announce(`Session démarrée. Code d'accès\u00a0: ${spell(result.access_code)}.`);
    this.ctx.onStarted();
    this.showCode(opener);
  }

  /** The access code, full screen, in very large type (for the projector); Escape closes. */
  showCode(opener) {
    const code = this.accessCode();
    if (!code) return;
    const summary = this.ctx.store.summary || {};
    const titleId = uid("code-title");
    const close = h("button", { type: "button", class: "primary", text: "Fermer (Échap)", onclick: () => dialog.close() });
    const dialog = h("dialog", { class: "code-overlay", "aria-labelledby": titleId },
      h("p", { class: "code-label", id: titleId, text: `Code d'accès — session n°${NBSP}${summary.session_number ?? ""}` }),
      h("p", { class: "code-projected", id: "access-code-projected", "aria-describedby": "access-code-spelled", text: code }),
      h("p", { class: "code-spelled", id: "access-code-spelled", text: spell(code) }),
      h("p", { class: "code-hint", text: "4 lettres puis 2 chiffres. À recopier sur la page du test." }),
      close);
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      dialog.remove();
      const target = opener && opener.isConnected ? opener : document.querySelector('[data-session-action="code"]');
      if (target) target.focus();
    }, { once: true });
    dialog.showModal();
    close.focus();
  }

  async addTimeAll(opener) {
    const sitting = this.rows().filter((r) => r.status === ATTEMPT.PRESENT || r.status === ATTEMPT.IN_TEST).length;
    const { minutes, reason } = timeFields();
    const requestId = api.newId();
    const done = await formDialog({
      title: "Ajouter du temps à tous",
      body: [h("p", { text: `Pour tous les candidats présents ou en test (${sitting} en ce moment).` }),
        minutes.element, reason.element],
      submitLabel: "Ajouter ce temps à tous",
      opener,
      onSubmit: async () => {
        const body = { minutes: minutesFrom(minutes.input, LIMITS.ADDED_MINUTES_MAX),
          reason: textFrom(reason.input, "Motif", LIMITS.REASON_MAX), request_id: requestId };
        await this.ctx.call("POST", "/session/added-time", body);
        return body.minutes;
      },
    });
    if (done) announce(`${plural(done, "minute ajoutée", "minutes ajoutées")} à tous les candidats.`);
  }

  async incident(opener) {
    const code = field("Code d'incident", "select", { required: true }, { options: codeOptions() });
    const text = field("Description", "textarea", { rows: 5, maxlength: LIMITS.TEXT_MAX, required: true },
      { hint: "Ce qui s'est passé, l'heure, qui était concerné, ce qui a été fait." });
    const incidentId = api.newId();
    const done = await formDialog({
      title: "Incident de session",
      body: [h("p", { text: "Un incident qui concerne toute la salle. Pour un seul candidat, utilisez «\u00a0Actions…\u00a0» sur sa ligne." }),
        code.element, text.element],
      submitLabel: "Enregistrer l'incident",
      opener,
      onSubmit: async () => {
        if (!code.input.value) throw new FormError("Choisissez un code d'incident dans la liste.", code.input);
        await this.ctx.call("POST", "/incidents", { incident_id: incidentId, code: code.input.value,
          text: textFrom(text.input, "Description", LIMITS.TEXT_MAX) });
      },
    });
    if (done) announce("Incident de session enregistré.");
  }

  async fraud(opener) {
    const legendId = uid("legend");
    const boxes = this.rows().sort((a, b) => a.last_name.localeCompare(b.last_name, "fr"))
      .map((row) => {
        const id = uid("who");
        return h("div", { class: "check" }, h("input", { type: "checkbox", id, value: row.candidate_id }),
          h("label", { for: id, text: `${row.last_name} ${row.first_name}` }));
      });
    const who = h("fieldset", { class: "field who-list", "aria-labelledby": legendId },
      h("legend", { id: legendId, text: "Candidats concernés" }), h("div", { class: "checks" }, boxes));
    const now = new Date();
    const observed = field("Heure des faits", "input", { type: "time", class: "time-input",
      value: `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}` });
    const facts = field("Faits constatés", "textarea", { rows: 4, maxlength: LIMITS.TEXT_MAX, required: true },
      { hint: "Ce qui a été vu, sans interprétation." });
    const measures = field("Mesures prises", "textarea", { rows: 3, maxlength: LIMITS.TEXT_MAX, required: true },
      { hint: "Par exemple\u00a0: matériel retiré, candidat autorisé à poursuivre, chef d'établissement prévenu." });
    const fraudId = api.newId();
    const done = await formDialog({
      title: "Procès-verbal de fraude",
      body: [h("p", { text: "Un procès-verbal par cas. Il est joint aux documents de la session." }),
        who, observed.element, facts.element, measures.element],
      submitLabel: "Enregistrer le procès-verbal",
      className: "wide-dialog",
      opener,
      onSubmit: async () => {
        const ids = boxes.map((box) => box.querySelector("input")).filter((input) => input.checked).map((input) => input.value);
        if (!ids.length) throw new FormError("Cochez au moins un candidat concerné.", boxes[0]?.querySelector("input"));
        await this.ctx.call("POST", "/frauds", { fraud_id: fraudId, candidate_ids: ids,
          observed_at: textFrom(observed.input, "Heure des faits", LIMITS.OBSERVED_AT_MAX),
          facts: textFrom(facts.input, "Faits constatés", LIMITS.TEXT_MAX),
          measures: textFrom(measures.input, "Mesures prises", LIMITS.TEXT_MAX) });
      },
    });
    if (done) announce("Procès-verbal de fraude enregistré.");
  }

  async comment(opener) {
    const current = (this.ctx.store.summary && this.ctx.store.summary.comment) || "";
    const text = field("Commentaire", "textarea", { rows: 6, maxlength: LIMITS.COMMENT_MAX },
      { hint: "Ce qui s'est passé dans la salle, utile à la finalisation. Peut rester vide.", counter: LIMITS.COMMENT_MAX });
    text.input.value = current;
    text.input.dispatchEvent(new Event("input"));
    const done = await formDialog({
      title: "Commentaire de session",
      body: [text.element],
      submitLabel: "Enregistrer le commentaire",
      opener,
      onSubmit: () => this.ctx.call("PUT", "/session/comment",
        { comment: textFrom(text.input, "Commentaire", LIMITS.COMMENT_MAX, { required: false }) }),
    });
    if (done) announce("Commentaire enregistré.");
  }

  async seenAll(opener) {
    const waiting = this.rows().filter((r) => isEnded(r) && !r.end_screen_seen);
    if (!waiting.length) {
      this.ctx.toast.show("Aucun écran de fin à noter\u00a0: personne n'a terminé sans que son écran soit noté comme vu.", "info");
      return;
    }
    const done = await formDialog({
      title: "Noter tous les écrans de fin comme vus\u00a0?",
      body: [h("p", { text: `${plural(waiting.length, "candidat a", "candidats ont")} terminé sans que l'écran de fin soit noté comme vu\u00a0:` }),
        h("ul", { class: "names" }, waiting.map((r) => h("li", { text: fullName(r) }))),
        h("p", { text: "Ne le faites qu'après avoir vu chacun de ces écrans." })],
      submitLabel: "Tout marquer «\u00a0écran de fin vu\u00a0»",
      opener,
      onSubmit: () => this.ctx.call("POST", "/session/end-screens-seen"),
    });
    if (done) announce("Écrans de fin notés comme vus.");
  }

  async close(opener) {
    const inTest = this.rows().filter((r) => r.status === ATTEMPT.IN_TEST);
    const done = await formDialog({
      title: "Clôturer la session\u00a0?",
      body: [
        h("p", {}, h("strong", { text: "Cette action est irréversible\u00a0: " }),
          "plus aucun candidat ne pourra répondre ni entrer."),
        h("p", { text: "Les incidents, procès-verbaux de fraude, écrans de fin vus et le commentaire pourront encore être notés jusqu'à la finalisation." }),
        inTest.length ? h("p", { class: "message note", text: `${plural(inTest.length, "candidat est", "candidats sont")} encore en test\u00a0: `
          + "le serveur refusera la clôture tant que leur test n'est pas terminé." }) : null,
      ],
      submitLabel: "Clôturer la session",
      danger: true,
      opener,
      onSubmit: () => this.ctx.call("POST", "/session/close"),
    });
    if (done) announce("Session clôturée.");
  }
}

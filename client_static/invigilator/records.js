// What was recorded during the session: incidents (with their code and label), fraud
// reports, time added, and the session comment. Newest first; redrawn only when changed.
// Until finalisation each entry can be corrected or withdrawn (a new journal event that keeps
// the original, core/invigilation.py); withdrawn entries stay listed, struck out, with who and why.

import { SESSION } from "../shared/constants.js";
import { focusOn, h } from "../shared/dom.js";
import { field, FormError, formDialog, textFrom } from "./dialogs.js";
import { codeOptions } from "./rowactions.js";
import { atWords, NBSP, plural } from "./words.js";

const OPEN = new Set([SESSION.CREATED, SESSION.STARTED, SESSION.CLOSED]); // before finalisation
const REASON_MAX = 200;

export class RecordsList {
  /** ctx: {store, call, toast} (ctx may be omitted: then the list is read-only). */
  constructor(store, ctx = null) {
    this.store = store;
    this.ctx = ctx;
    this.body = h("div", { class: "records-body" });
    this.element = h("section", { class: "records", "aria-labelledby": "records-title" },
      h("h2", { id: "records-title", text: "Registre de la session" }), this.body);
    this.key = "";
  }

  who(id) {
    const names = (this.store.summary && this.store.summary.invigilators) || {};
    return id ? names[id] || `surveillant ${id}` : "";
  }

  render() {
    const s = this.store.summary;
    if (!s) return;
    const key = JSON.stringify([s.incidents, s.frauds, s.time_additions, s.comment, s.invigilators, s.withdrawn,
      s.corrected, s.status]);
    if (key === this.key) return;
    this.key = key;
    const active = document.activeElement;
    const focusKey = active && this.body.contains(active) ? active.dataset.focusKey : null;
    const editable = Boolean(this.ctx) && OPEN.has(s.status);
    const by = (id) => (id ? ` — noté par ${this.who(id)}` : "");
    const newest = (items) => [...(items || [])].sort((a, b) => (b.at || 0) - (a.at || 0));
    const corrections = (kind, id) => (s.corrected || []).filter((c) => c.kind === kind && c.id === id)
      .map((c) => h("p", { class: "hint corrected", text: `Corrigé à ${atWords(c.at)} par ${this.who(c.by)}` }));
    const buttons = (kind, id, what, record) => (editable ? h("p", { class: "record-buttons" },
      h("button", { type: "button", class: "small", dataset: { focusKey: `${kind}:${id}:correct` },
        onclick: (event) => this.correct(kind, id, record, event.currentTarget) }, "Corriger…",
      h("span", { class: "visually-hidden", text: ` ${what}` })),
      h("button", { type: "button", class: "small", dataset: { focusKey: `${kind}:${id}:withdraw` },
        onclick: (event) => this.withdraw(kind, id, what, event.currentTarget) }, "Retirer…",
      h("span", { class: "visually-hidden", text: ` ${what}` }))) : null);

    const incidents = newest(s.incidents).map((i) => h("li", {},
      h("p", { class: "record-head" }, h("strong", { text: `${i.code} — ${i.label}` }),
        ` · ${i.candidate || "toute la session"}${i.question_number ? `, question ${i.question_number}` : ""}`),
      h("p", { class: "record-text", text: i.text }),
      h("p", { class: "hint", text: `${atWords(i.at)}${by(i.by)}` }),
      corrections("incident", i.incident_id),
      buttons("incident", i.incident_id, `l'incident ${i.code}`, i)));
    const frauds = newest(s.frauds).map((f) => h("li", {},
      h("p", { class: "record-head" }, h("strong", { text: `Fraude constatée à ${f.observed_at}` }),
        ` · ${(f.candidates || []).filter(Boolean).join(", ")}`),
      h("p", { class: "record-text", text: `Faits${NBSP}: ${f.facts}` }),
      h("p", { class: "record-text", text: `Mesures${NBSP}: ${f.measures}` }),
      h("p", { class: "hint", text: `${atWords(f.at)}${by(f.by)}` }),
      corrections("fraud", f.fraud_id),
      buttons("fraud", f.fraud_id, `le procès-verbal de fraude de ${f.observed_at}`, f)));
    const additions = newest(s.time_additions).map((a) => h("li", { class: a.withdrawn ? "withdrawn" : null },
      h("p", { class: "record-head" }, h("strong", { text: `+${a.minutes}${NBSP}min` }),
        ` · ${a.everyone ? "tous les candidats présents ou en test" : (a.candidates || []).filter(Boolean).join(", ")}`),
      h("p", { class: "record-text", text: `Motif${NBSP}: ${a.reason}` }),
      h("p", { class: "hint", text: `${atWords(a.at)}${by(a.by)}` }),
      a.withdrawn ? h("p", { class: "withdrawn-note", text: `Retiré à ${atWords(a.withdrawn.at)} par `
        + `${this.who(a.withdrawn.by)}${NBSP}: ${a.withdrawn.reason}` }) : null,
      corrections("time_addition", a.addition_id),
      a.withdrawn || !a.addition_id ? null : buttons("time_addition", a.addition_id, `l'ajout de ${a.minutes}${NBSP}min`, a)));
    const withdrawn = newest((s.withdrawn || []).filter((w) => w.kind !== "time_addition")).map((w) => h("li", { class: "withdrawn" },
      h("p", { class: "record-head" }, h("strong", { text: w.kind === "incident" ? "Incident retiré" : "Procès-verbal retiré" }),
        ` · ${w.summary}`),
      h("p", { class: "withdrawn-note", text: `Retiré à ${atWords(w.at)} par ${this.who(w.by)}${NBSP}: ${w.reason}` })));

    const part = (title, items, none) => h("div", { class: "record-part" },
      h("h3", { text: `${title} (${items.length})` }),
      items.length ? h("ul", { class: "record-list" }, items) : h("p", { class: "hint", text: none }));
    this.body.replaceChildren(
      part("Incidents", incidents, "Aucun incident noté."),
      part("Procès-verbaux de fraude", frauds, "Aucun procès-verbal."),
      part("Temps ajouté", additions, "Aucun temps ajouté."),
      h("div", { class: "record-part" }, h("h3", { text: "Commentaire de session" }),
        s.comment ? h("p", { class: "record-text comment", text: s.comment })
          : h("p", { class: "hint", text: "Pas de commentaire." }),
        s.comment ? h("p", { class: "hint", text: `${plural(s.comment.length, "caractère")} sur 500.` }) : null),
      withdrawn.length ? part("Entrées retirées", withdrawn, "") : null);
    if (focusKey) {
      const again = this.body.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      focusOn(again || this.element.querySelector("h2"));
    }
  }

  async withdraw(kind, id, what, opener) {
    const reason = field("Motif du retrait", "input", { type: "text", class: "wide", maxlength: REASON_MAX, required: true,
      autocomplete: "off" }, { hint: "Par exemple\u00a0: noté sur le mauvais candidat. Le journal garde l'entrée et le retrait." });
    const done = await formDialog({
      title: `Retirer ${what}${NBSP}?`,
      body: [h("p", { text: "L'entrée ne comptera plus (notation, procès-verbal) mais reste au journal, avec votre nom." }),
        reason.element],
      submitLabel: "Retirer",
      danger: true,
      opener,
      onSubmit: () => this.ctx.call("POST", "/records/withdraw",
        { kind, id, reason: textFrom(reason.input, "Motif du retrait", REASON_MAX) }),
    });
    if (done) this.ctx.toast.show(`Entrée retirée du registre.`, "ok");
  }

  async correct(kind, id, record, opener) {
    const specs = {
      incident: [["code", "Code d'incident", "select"], ["text", "Description", "textarea"]],
      fraud: [["observed_at", "Heure des faits", "input"], ["facts", "Ce qui a été constaté", "textarea"],
        ["measures", "Les mesures prises", "textarea"]],
      time_addition: [["reason", "Motif", "input"]],
    }[kind];
    const fields = specs.map(([key, label, type]) => {
      const made = type === "select"
        ? field(label, "select", { required: true }, { options: codeOptions() })
        : field(label, type, type === "textarea" ? { rows: 3, maxlength: 2000 } : { type: "text", class: "wide", maxlength: 200 });
      made.input.value = record[key] || "";
      return [key, made];
    });
    const done = await formDialog({
      title: "Corriger l'entrée du registre",
      body: [h("p", { class: "hint", text: "Le journal garde la version d'origine et la correction, avec votre nom." }),
        ...fields.map(([, f]) => f.element)],
      submitLabel: "Enregistrer la correction",
      opener,
      onSubmit: async () => {
        const changes = {};
        for (const [key, f] of fields) {
          const value = f.input.value.trim();
          if (!value) throw new FormError(`Ce champ est obligatoire.`, f.input);
          if (value !== (record[key] || "")) changes[key] = value;
        }
        if (!Object.keys(changes).length) throw new FormError(`Rien n'a changé.`, fields[0][1].input);
        return this.ctx.call("POST", "/records/correct", { kind, id, changes });
      },
    });
    if (done) this.ctx.toast.show("Entrée corrigée.", "ok");
  }
}


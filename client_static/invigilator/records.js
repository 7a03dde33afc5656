// What was recorded during the session: incidents (with their code and label), fraud
// reports, time added, and the session comment. Newest first; redrawn only when changed.

import { h } from "../shared/dom.js";
import { atWords, plural } from "./words.js";

export class RecordsList {
  constructor(store) {
    this.store = store;
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
    const key = JSON.stringify([s.incidents, s.frauds, s.time_additions, s.comment, s.invigilators]);
    if (key === this.key) return;
    this.key = key;
    const by = (id) => (id ? ` — noté par ${this.who(id)}` : "");
    const newest = (items) => [...(items || [])].sort((a, b) => (b.at || 0) - (a.at || 0));

    const incidents = newest(s.incidents).map((i) => h("li", {},
      h("p", { class: "record-head" }, h("strong", { text: `${i.code} — ${i.label}` }),
        ` · ${i.candidate || "toute la session"}${i.question_number ? `, question ${i.question_number}` : ""}`),
      h("p", { class: "record-text", text: i.text }),
      h("p", { class: "hint", text: `${atWords(i.at)}${by(i.by)}` })));
    const frauds = newest(s.frauds).map((f) => h("li", {},
      h("p", { class: "record-head" }, h("strong", { text: `Fraude constatée à ${f.observed_at}` }),
        ` · ${(f.candidates || []).filter(Boolean).join(", ")}`),
      h("p", { class: "record-text", text: `Faits : ${f.facts}` }),
      h("p", { class: "record-text", text: `Mesures : ${f.measures}` }),
      h("p", { class: "hint", text: `${atWords(f.at)}${by(f.by)}` })));
    const additions = newest(s.time_additions).map((a) => h("li", {},
      h("p", { class: "record-head" }, h("strong", { text: `+${a.minutes} min` }),
        ` · ${a.everyone ? "tous les candidats présents ou en test" : (a.candidates || []).filter(Boolean).join(", ")}`),
      h("p", { class: "record-text", text: `Motif : ${a.reason}` }),
      h("p", { class: "hint", text: `${atWords(a.at)}${by(a.by)}` })));

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
        s.comment ? h("p", { class: "hint", text: `${plural(s.comment.length, "caractère")} sur 500.` }) : null));
  }
}

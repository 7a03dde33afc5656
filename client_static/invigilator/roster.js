// The table of candidates: one row per candidate, rebuilt only when that candidate changed,
// so that keyboard focus and the screen reader's position survive the refresh every 5 s.

import { ATTEMPT, ATTEMPT_LABELS, SESSION } from "../shared/constants.js";
import { h } from "../shared/dom.js";
import { frenchDate, hoursMinutes } from "../shared/format.js";

/** The candidate's situation in words (never colour alone). */
export function statusWords(row, sessionCreated = true) {
  if (!row.certifiable) return "non certifiable";
  if (row.status === ATTEMPT.ENROLLED && !sessionCreated) return "absent (session commencée, entrée impossible)";
  if (row.status === ATTEMPT.ENROLLED) return row.joined ? "connecté, présence à confirmer" : "pas encore connecté";
  const words = ATTEMPT_LABELS[row.status] || row.status;
  if ((row.status === ATTEMPT.ENDED || row.status === ATTEMPT.ENDED_BY_INVIGILATOR) && row.end_screen_seen) {
    return `${words} — écran de fin vu`;
  }
  return words;
}

function timeLeft(row) {
  if (row.status !== ATTEMPT.IN_TEST || row.time_left_s === null || row.time_left_s === undefined) return "—";
  return row.time_left_s > 0 ? hoursMinutes(row.time_left_s) : "temps écoulé";
}

const byName = (a, b) => a.last_name.localeCompare(b.last_name, "fr", { sensitivity: "base" })
  || a.first_name.localeCompare(b.first_name, "fr", { sensitivity: "base" });

export class Roster {
  /** act(action, row): "confirm" | "cancel" | "resume". */
  constructor(act) {
    this.act = act;
    this.rows = new Map(); // candidate_id -> {signature, tr}
    this.caption = h("caption");
    this.body = h("tbody");
    this.element = h("table", { class: "roster" }, this.caption,
      h("thead", {}, h("tr", {}, ["Nom", "Prénom", "Date de naissance", "Temps majoré", "Statut", "Avancement",
        "Temps restant", "Reprise", "Actions"].map((title) => h("th", { scope: "col", text: title })))),
      this.body);
  }

  render(session) {
    const before = document.activeElement;
    const focusKey = before && this.body.contains(before) ? before.dataset.focusKey : null;
    const focusRow = before && this.body.contains(before) ? before.closest("tr")?.dataset.candidateId : null;
    const created = session.status === SESSION.CREATED;
    const present = session.candidates.filter((c) => c.status !== ATTEMPT.ENROLLED).length;
    const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;
    this.caption.textContent = `Candidats : ${plural(session.candidates.length, "inscrit")}, `
      + `${plural(present, "présent")} (présence confirmée)`;

    const seen = new Set();
    const ordered = [...session.candidates].sort(byName);
    ordered.forEach((row, i) => {
      seen.add(row.candidate_id);
      const signature = JSON.stringify([row, created]);
      let entry = this.rows.get(row.candidate_id);
      if (!entry || entry.signature !== signature) {
        const tr = this.row(row, created);
        if (entry) entry.tr.replaceWith(tr);
        entry = { signature, tr };
        this.rows.set(row.candidate_id, entry);
      }
      if (this.body.children[i] !== entry.tr) this.body.insertBefore(entry.tr, this.body.children[i] || null);
    });
    for (const [id, entry] of this.rows) {
      if (!seen.has(id)) {
        entry.tr.remove();
        this.rows.delete(id);
      }
    }
    if (focusRow && !this.body.contains(document.activeElement)) {
      const tr = this.rows.get(focusRow)?.tr;
      const target = (focusKey && tr?.querySelector(`[data-focus-key="${focusKey}"]`)) || tr?.querySelector("button")
        || tr?.querySelector("th");
      if (target) target.focus();
    }
  }

  row(row, created) {
    const name = `${row.first_name} ${row.last_name}`;
    const button = (action, label, primary = false) => h("button", {
      type: "button", class: primary ? "primary small" : "small", dataset: { focusKey: `${row.candidate_id}:${action}` },
      onclick: () => this.act(action, row),
    }, label, h("span", { class: "visually-hidden", text: ` : ${name}` }));
    const actions = [];
    if (created && row.certifiable && row.status === ATTEMPT.ENROLLED) actions.push(button("confirm", "Confirmer la présence", true));
    if (created && row.status === ATTEMPT.PRESENT) actions.push(button("cancel", "Annuler la présence"));
    if (row.resume_pending) actions.push(button("resume", "Autoriser la reprise", true));
    const status = [statusWords(row, created)];
    if (row.open_alerts) status.push(h("strong", { class: "alert", text: ` — problème signalé (${row.open_alerts})` }));
    const extra = row.extra_time_pct ? `${row.extra_time_pct} %` : "—";
    return h("tr", { dataset: { candidateId: row.candidate_id, status: row.status } },
      h("th", { scope: "row", tabindex: "-1", text: row.last_name }),
      h("td", { text: row.first_name }),
      h("td", { text: frenchDate(row.birthdate) }),
      h("td", { text: extra }),
      h("td", { class: "status" }, status),
      h("td", { text: row.total ? `${row.answered} / ${row.total}` : "—" }),
      h("td", { text: timeLeft(row) }),
      h("td", { class: row.resume_pending ? "resume" : null, text: row.resume_pending ? "reprise demandée" : "" }),
      h("td", { class: "row-actions" }, actions));
  }
}

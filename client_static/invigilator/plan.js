// The room as its plan (drawn by the technician on the Crash-test board, /preflight/salle):
// each seat with its pupil's name, status in words, progress and alerts. A pupil is found at
// the PC whose address their page comes from (the row's pc.ip), or by the PC's name.
// A seat with an open alert has a thick double border, a ⚠ and the word "ALERTE": never
// colour alone. A seat is a button: click or Enter opens the pupil's details and actions.

import { ATTEMPT, DISPLAY } from "../shared/constants.js";
import { focusOn, h } from "../shared/dom.js";
import { fullName, isOpen, listWords, NBSP, plural, statusLabel } from "./words.js";

const RELOAD_MS = 60_000; // the technician may move a PC during the day

/** The candidates of each seat, the most recently heard first; and those on no seat. */
export function seatsOf(plan, rows) {
  const byAddress = new Map();
  const byLabel = new Map();
  for (const seat of plan.seats) {
    if (seat.address) byAddress.set(seat.address, seat);
    byLabel.set(seat.label, seat);
  }
  const placed = new Map(plan.seats.map((seat) => [seat, []]));
  const elsewhere = [];
  for (const row of rows) {
    if (!row.joined || !row.pc) continue;
    const seat = (row.pc.ip && byAddress.get(row.pc.ip)) || (row.pc.host && byLabel.get(row.pc.host));
    if (seat) placed.get(seat).push(row);
    else elsewhere.push(row);
  }
  const heard = (row) => (row.connection && row.connection.last_seen_at) || 0;
  for (const list of placed.values()) list.sort((a, b) => heard(b) - heard(a));
  return { placed, elsewhere };
}

/** What a seat says of its pupil, in words (also its accessible name). */
export function seatWords(row) {
  const { label } = statusLabel(row);
  const open = (row.alerts || []).filter(isOpen).map((a) => a.question_number);
  const parts = [label];
  if (open.length) parts.push(`problème signalé, ${open.length > 1 ? "questions" : "question"} ${listWords(open)}`);
  if (row.resume_pending || row.pending_client) parts.push("un autre poste demande à reprendre le test");
  if (row.total && row.status !== ATTEMPT.ENROLLED) parts.push(`${row.answered} sur ${row.total} questions`);
  return { alert: open.length > 0, text: parts.join(", ") };
}

export class RoomPlan {
  /** call(method, path): the dashboard's client; onSeat(row, button): open the pupil's details. */
  constructor(store, call, onSeat) {
    this.store = store;
    this.call = call;
    this.onSeat = onSeat;
    this.plan = null;
    this.failed = "";
    this.timer = null;
    this.grid = h("div", { class: "plan-seats" });
    this.note = h("p", { class: "plan-note" });
    this.elsewhere = h("div", { class: "plan-elsewhere" });
    this.element = h("section", { class: "room-plan", "aria-labelledby": "room-plan-title", hidden: true },
      h("h2", { id: "room-plan-title", text: "Plan de la salle" }), this.note,
      h("p", { class: "plan-front", "aria-hidden": "true", text: "Avant de la salle (tableau)" }),
      h("div", { class: "plan-scroll" }, this.grid), this.elsewhere);
  }

  /** Read the plan now and then every minute while shown. */
  start() {
    if (this.timer !== null) return;
    this.load();
    this.timer = setInterval(() => this.load(), RELOAD_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async load() {
    try {
      this.plan = await this.call("GET", "/room-plan");
      this.failed = "";
    } catch (error) {
      if (error.status === 401) return;
      this.failed = error.message;
    }
    this.render();
  }

  /** shown(row): whether the roster's filter and search keep this pupil (others are dimmed). */
  render(shown = this.shown || (() => true)) {
    this.shown = shown;
    if (this.element.hidden) return;
    const plan = this.plan;
    if (!plan) {
      this.note.textContent = this.failed ? `Plan indisponible${NBSP}: ${this.failed}` : "Chargement du plan…";
      return;
    }
    if (!plan.seats.length) {
      this.note.textContent = "Aucun poste n'est encore placé sur le plan. Le technicien le dessine sur le tableau "
        + "du Crash-test (/preflight/salle).";
      this.grid.replaceChildren();
      this.elsewhere.replaceChildren();
      return;
    }
    const rows = this.store.rowList();
    const { placed, elsewhere } = seatsOf(plan, rows);
    const pupils = [...placed.values()].filter((list) => list.length).length;
    this.note.textContent = `${plural(plan.seats.length, "poste placé", "postes placés")}, `
      + `${plural(pupils, "occupé", "occupés")}. Entrée ou clic sur une place${NBSP}: le détail et les actions du candidat.`
      + (this.failed ? ` (Plan peut-être ancien${NBSP}: ${this.failed})` : "");
    const active = document.activeElement;
    const focusKey = active && this.grid.contains(active) ? active.dataset.focusKey : null;
    this.grid.style.gridTemplateColumns = `repeat(${plan.cols}, minmax(6.5rem, 12rem))`;
    const cells = [];
    for (let r = 1; r <= plan.rows; r += 1) {
      for (let c = 1; c <= plan.cols; c += 1) {
        const seat = plan.seats.find((s) => s.row === r && s.col === c);
        cells.push(seat ? this.seat(seat, placed.get(seat)) : h("div", { class: "plan-gap", "aria-hidden": "true" }));
      }
    }
    this.grid.replaceChildren(...cells);
    this.elsewhere.replaceChildren(...(elsewhere.length ? [
      h("h3", { text: "Connectés hors du plan" }),
      h("ul", {}, elsewhere.map((row) => h("li", {}, this.pupilButton(row, null))))] : []));
    if (focusKey) {
      const again = this.element.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again) focusOn(again);
    }
  }

  seat(seat, rows) {
    const where = `${seat.label}, rangée ${seat.row}, colonne ${seat.col}`;
    if (!rows.length) {
      return h("div", { class: "plan-seat empty", dataset: { seat: seat.label } },
        h("span", { class: "seat-pc", text: seat.label }), h("span", { class: "seat-name", text: "libre" }),
        h("span", { class: "visually-hidden", text: `, rangée ${seat.row}, colonne ${seat.col}` }));
    }
    return this.pupilButton(rows[0], seat, where, rows.length - 1);
  }

  pupilButton(row, seat, where = "", others = 0) {
    const { alert, text } = seatWords(row);
    const { icon, label } = statusLabel(row);
    const dimmed = !this.shown(row);
    const open = (row.alerts || []).filter(isOpen).length;
    const pending = row.resume_pending || Boolean(row.pending_client);
    return h("button", {
      type: "button", class: seat ? "plan-seat" : "plan-pupil",
      dataset: { focusKey: `${row.candidate_id}:seat`, candidateId: row.candidate_id, display: row.display_status,
        alert: alert ? "open" : "none", dim: dimmed ? "yes" : "no", seat: seat ? seat.label : "" },
      "aria-label": `${fullName(row)}${where ? `, ${where}` : ""}${NBSP}: ${text}${alert ? ". Alerte ouverte" : ""}`
        + `${others ? `. Aussi à ce poste${NBSP}: ${plural(others, "autre candidat", "autres candidats")}` : ""}`,
      onclick: (event) => this.onSeat(row, event.currentTarget),
    },
    seat ? h("span", { class: "seat-pc", text: seat.label }) : null,
    h("span", { class: "seat-name", text: fullName(row) }),
    alert ? h("span", { class: "seat-alert" }, h("span", { "aria-hidden": "true", text: "⚠ " }),
      open > 1 ? `${open} ALERTES` : "ALERTE") : null,
    pending ? h("span", { class: "seat-pending" }, h("span", { "aria-hidden": "true", text: "↻ " }), "autre poste") : null,
    h("span", { class: "seat-status" }, h("span", { class: "icon", "aria-hidden": "true", text: icon }), " ", label),
    row.total && row.status !== ATTEMPT.ENROLLED && row.display_status !== DISPLAY.ENROLLED
      ? h("span", { class: "seat-progress" }, h("progress", { max: String(row.total), value: String(row.answered),
        "aria-hidden": "true" }), ` ${row.answered}/${row.total}`) : null,
    others ? h("span", { class: "seat-others", text: `+${others}` }) : null);
  }
}

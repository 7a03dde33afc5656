// The room plan on the technician's board: a grid where each PC is placed where it stands in
// the room (row 1 at the front). Keyboard first: Enter takes a PC, the arrows choose its new
// place, Enter puts it down (Escape cancels); a click does the same; each PC of the list below
// also has a row-and-column form. Every change replaces the whole plan on the server at once.

import { el } from "./status.js";

const MAX = 30;
const NBSP = "\u00a0";

export class PlanEditor {
  /** api(path, options): the board's authenticated fetch; path: the plan's URL. */
  constructor({ api, path }) {
    this.api = api;
    this.path = path;
    this.rows = 5;
    this.cols = 6;
    this.seats = new Map(); // pc_id -> {row, col}
    this.names = new Map(); // pc_id -> label shown
    this.cursor = { row: 1, col: 1 };
    this.held = null; // {pcId, from: {row, col} | null}
    this.saving = false;
    this.grid = document.getElementById("plan-grid");
    this.unplaced = document.getElementById("plan-unplaced");
    this.status = document.getElementById("plan-status");
    this.rowsInput = document.getElementById("plan-rows");
    this.colsInput = document.getElementById("plan-cols");
    document.getElementById("plan-size").addEventListener("submit", (event) => {
      event.preventDefault();
      this.resize(Number(this.rowsInput.value), Number(this.colsInput.value));
    });
    this.grid.addEventListener("keydown", (event) => this.onKey(event));
    // The place with focus is the cursor, however it got focus (Tab, a click, a script).
    this.grid.addEventListener("focusin", (event) => {
      const seat = event.target.closest("button.seat");
      if (!seat) return;
      const row = Number(seat.dataset.row);
      const col = Number(seat.dataset.col);
      if (row === this.cursor.row && col === this.cursor.col) return;
      this.cursor = { row, col };
      this.grid.querySelectorAll("button.seat").forEach((b) => { b.tabIndex = b === seat ? 0 : -1; });
      if (this.held) this.render();
    });
  }

  /** True while a PC is held or the plan is being sent: the board's refresh then leaves it alone. */
  get busy() {
    return this.held !== null || this.saving;
  }

  /** The server's plan and the board's PCs (for the names and the PCs not placed yet). */
  update(plan, pcs) {
    if (this.held) return;
    this.rows = plan.rows;
    this.cols = plan.cols;
    this.seats = new Map(plan.seats.map((s) => [s.pc_id, { row: s.row, col: s.col }]));
    this.names = new Map(pcs.map((pc) => [pc.pc_id, pc.label || pc.host || `poste ${pc.pc_id}`]));
    for (const id of [...this.seats.keys()]) if (!this.names.has(id)) this.seats.delete(id);
    if (document.activeElement !== this.rowsInput) this.rowsInput.value = this.rows;
    if (document.activeElement !== this.colsInput) this.colsInput.value = this.cols;
    this.cursor = { row: Math.min(this.cursor.row, this.rows), col: Math.min(this.cursor.col, this.cols) };
    this.render();
  }

  name(pcId) {
    return this.names.get(pcId) || `poste ${pcId}`;
  }

  at(row, col) {
    for (const [id, seat] of this.seats) if (seat.row === row && seat.col === col) return id;
    return null;
  }

  /** "rangée 2, colonne 3" for a PC of the plan, "" when it is not placed. */
  placeOf(pcId) {
    const seat = this.seats.get(pcId);
    return seat ? `rangée ${seat.row}, colonne ${seat.col}` : "";
  }

  say(text) {
    this.status.textContent = text;
  }

  // -- drawing ------------------------------------------------------------------------------------

  render() {
    const focused = this.grid.contains(document.activeElement);
    const head = el("tr", {}, el("td", {}), ...range(this.cols).map((c) => el("th", { scope: "col" }, `Colonne${NBSP}${c}`)));
    const body = range(this.rows).map((r) => el("tr", {}, el("th", { scope: "row" }, `Rangée${NBSP}${r}`),
      ...range(this.cols).map((c) => el("td", {}, this.cell(r, c)))));
    this.grid.replaceChildren(el("caption", { class: "visually-hidden" },
      `Plan de la salle${NBSP}: ${this.rows} × ${this.cols} places, rangée 1 à l'avant`),
    el("thead", {}, head), el("tbody", {}, ...body));
    const waiting = [...this.names.keys()].filter((id) => !this.seats.has(id));
    this.unplaced.replaceChildren(...(waiting.length ? [
      el("h3", {}, "Postes pas encore placés"),
      el("ul", { class: "plan-waiting" }, ...waiting.map((id) => el("li", {}, el("button", {
        type: "button", "data-pc": id, "aria-pressed": String(this.held?.pcId === id),
        onclick: () => this.take(id, null),
      }, `Placer ${this.name(id)}`))))]
      : [el("p", {}, this.names.size ? "Tous les postes sont placés." : "Aucun poste à placer pour l'instant.")]));
    if (focused || this.held) this.focusCursor();
  }

  cell(row, col) {
    const id = this.at(row, col);
    const here = this.cursor.row === row && this.cursor.col === col;
    const held = id && this.held?.pcId === id;
    const target = this.held && here && !held;
    const where = `Rangée ${row}, colonne ${col}`;
    let label = id ? `${where}${NBSP}: ${this.name(id)}` : `${where}${NBSP}: place vide`;
    if (held) label += ", pris";
    if (target) label += `, poser ${this.name(this.held.pcId)} ici`;
    return el("button", {
      type: "button", class: `seat${id ? " taken" : ""}${held ? " held" : ""}${target ? " target" : ""}`,
      tabindex: here ? "0" : "-1", "data-row": row, "data-col": col, "data-pc": id || null, "aria-label": label,
      "aria-pressed": id ? String(Boolean(held)) : null,
      onclick: () => { this.cursor = { row, col }; this.activate(); },
    }, id ? this.name(id) : el("span", { "aria-hidden": "true" }, "·"),
    target ? el("span", { class: "drop", "aria-hidden": "true" }, ` ← ${this.name(this.held.pcId)}`) : null);
  }

  focusCursor() {
    const button = this.grid.querySelector(`button[data-row="${this.cursor.row}"][data-col="${this.cursor.col}"]`);
    if (button) button.focus();
  }

  // -- moving -------------------------------------------------------------------------------------

  onKey(event) {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[event.key]) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      this.cursor = { row: clamp(this.cursor.row + dr, this.rows), col: clamp(this.cursor.col + dc, this.cols) };
      this.render();
      this.focusCursor();
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      this.cursor = { ...this.cursor, col: event.key === "Home" ? 1 : this.cols };
      this.render();
      this.focusCursor();
    } else if (event.key === "Escape" && this.held) {
      event.preventDefault();
      this.say(`${this.name(this.held.pcId)} reste à sa place.`);
      this.held = null;
      this.render();
    } else if ((event.key === "Delete" || event.key === "Backspace") && !this.held) {
      const id = this.at(this.cursor.row, this.cursor.col);
      if (id) {
        event.preventDefault();
        this.seats.delete(id);
        this.save(`${this.name(id)} retiré du plan.`);
      }
    }
    // Enter and Space click the focused button: activate() below.
  }

  /** The seat under the cursor was chosen (Enter, Space or a click). */
  activate() {
    const { row, col } = this.cursor;
    const id = this.at(row, col);
    if (!this.held) {
      if (id) this.take(id, { row, col });
      else {
        this.say(`Rangée ${row}, colonne ${col}${NBSP}: place vide. Prenez d'abord un poste (Entrée sur un poste, ou un bouton «${NBSP}Placer${NBSP}» ci-dessous).`);
        this.render();
      }
      return;
    }
    const { pcId, from } = this.held;
    this.held = null;
    if (id === pcId) {
      this.say(`${this.name(pcId)} reste à sa place.`);
      this.render();
      return;
    }
    if (id) { // swap: the PC that was there takes the held one's old place (or leaves the plan)
      if (from) this.seats.set(id, from);
      else this.seats.delete(id);
    }
    this.seats.set(pcId, { row, col });
    const swapped = id ? ` ${this.name(id)} ${from ? `va rangée ${from.row}, colonne ${from.col}` : "quitte le plan"}.` : "";
    this.save(`${this.name(pcId)} placé rangée ${row}, colonne ${col}.${swapped}`);
  }

  take(pcId, from) {
    this.held = { pcId, from };
    if (!from) {
      const free = firstFree(this);
      if (free) this.cursor = free;
    }
    this.say(`${this.name(pcId)} pris${NBSP}: choisissez sa place avec les flèches puis Entrée (Échap pour annuler).`);
    this.render();
    this.focusCursor();
  }

  /** Place a PC from the row-and-column form; a seat already taken is refused, not swapped. */
  async place(pcId, row, col) {
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || row > this.rows || col > this.cols) {
      const message = `La place doit être dans le plan${NBSP}: rangée 1 à ${this.rows}, colonne 1 à ${this.cols}.`;
      this.say(message);
      return message;
    }
    const other = this.at(row, col);
    if (other && other !== pcId) {
      const message = `Rangée ${row}, colonne ${col}${NBSP}: la place est prise par ${this.name(other)}.`;
      this.say(message);
      return message;
    }
    this.seats.set(pcId, { row, col });
    return this.save(`${this.name(pcId)} placé rangée ${row}, colonne ${col}.`);
  }

  unplace(pcId) {
    this.seats.delete(pcId);
    return this.save(`${this.name(pcId)} retiré du plan.`);
  }

  async resize(rows, cols) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > MAX || cols > MAX) {
      this.say(`Le plan a de 1 à ${MAX} rangées et de 1 à ${MAX} colonnes.`);
      return;
    }
    const outside = [...this.seats].filter(([, s]) => s.row > rows || s.col > cols).map(([id]) => this.name(id));
    if (outside.length) {
      this.say(`Déplacez d'abord ${outside.join(", ")}${NBSP}: ${outside.length > 1 ? "ils seraient" : "il serait"} hors du plan.`);
      return;
    }
    this.rows = rows;
    this.cols = cols;
    await this.save(`Plan de ${rows} ${rows > 1 ? "rangées" : "rangée"} sur ${cols} ${cols > 1 ? "colonnes" : "colonne"}.`);
  }

  /** Send the whole plan; on a refusal, say why and show the server's plan again. */
  async save(done) {
    this.saving = true;
    this.render();
    const seats = [...this.seats].map(([pcId, s]) => ({ pc_id: pcId, row: s.row, col: s.col }));
    try {
      const plan = await this.api(this.path, { method: "PUT", json: { rows: this.rows, cols: this.cols, seats } });
      this.update(plan, [...this.names].map(([pcId, label]) => ({ pc_id: pcId, label })));
      this.say(`${done} Enregistré.`);
      document.dispatchEvent(new CustomEvent("plan-saved"));
      return "";
    } catch (error) {
      this.say(error.message);
      try {
        this.update(await this.api(this.path), [...this.names].map(([pcId, label]) => ({ pc_id: pcId, label })));
      } catch { /* the message above says enough */ }
      return error.message;
    } finally {
      this.saving = false;
    }
  }
}

const range = (n) => Array.from({ length: n }, (_, i) => i + 1);
const clamp = (value, max) => Math.max(1, Math.min(max, value));

function firstFree(plan) {
  for (const r of range(plan.rows)) for (const c of range(plan.cols)) if (!plan.at(r, c)) return { row: r, col: c };
  return null;
}

// The table of candidates. A row is rebuilt only when that candidate changed, so keyboard
// focus survives the live updates; the time and connection cells are refreshed in place
// every second (counted locally from the server's values).

import { ATTEMPT, CONNECTION, DISPLAY, SESSION } from "../shared/constants.js";
import { focusOn, h, storage } from "../shared/dom.js";
import { frenchDate } from "../shared/format.js";
import { availableActions } from "./rowactions.js";
import {
  addedWords, clockWords, connectionNow, connectionWords, extraTimeWords, fullName, givenBackWords, happenedWords, isEnded,
  NBSP, pcWords, plural, statusDetail, statusLabel, timesNow,
} from "./words.js";

const collator = new Intl.Collator("fr", { sensitivity: "base" });
const byName = (a, b) => collator.compare(a.last_name, b.last_name) || collator.compare(a.first_name, b.first_name);
// Status order: what needs the invigilator first.
const STATUS_ORDER = [DISPLAY.ALERT, DISPLAY.AWAITING_RESUME, DISPLAY.ENROLLED, DISPLAY.PRESENT, DISPLAY.IN_TEST,
  DISPLAY.ENDED_BY_INVIGILATOR, DISPLAY.ENDED, DISPLAY.END_SCREEN_SEEN];

const SORTS = {
  name: { label: "Nom", compare: byName },
  status: { label: "Statut", compare: (a, b) => STATUS_ORDER.indexOf(a.display_status) - STATUS_ORDER.indexOf(b.display_status) },
  progress: { label: "Avancement", compare: (a, b) => (a.total ? a.answered / a.total : -1) - (b.total ? b.answered / b.total : -1) },
  time: { label: "Temps", compare: (a, b) => (a.time_left_s ?? Infinity) - (b.time_left_s ?? Infinity) },
};

// The filters over the roster (a group of toggle buttons): what each shows.
const FILTERS = [
  { key: "all", label: "Tous", test: () => true },
  { key: "present", label: "Présents", test: (r) => r.status !== ATTEMPT.ENROLLED },
  { key: "in_test", label: "En test", test: (r) => r.status === ATTEMPT.IN_TEST },
  { key: "alerts", label: "Alertes", test: (r) => r.open_alerts > 0 || r.resume_pending || Boolean(r.pending_client) },
  { key: "ended", label: "Terminés", test: isEnded },
];
const COLUMNS = 9;

// How the room is shown: the list, the plan drawn by the technician, or both (remembered).
const VIEW_KEY = "roomserver.invigilator.view";
const VIEWS = [
  { key: "list", label: "Liste" },
  { key: "plan", label: "Plan de la salle" },
  { key: "both", label: "Plan et liste" },
];

/** Accents and case do not count when searching a name ("elodie" finds Élodie). */
const folded = (text) => String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

export class Roster {
  /** onAction(key, row, button); store: DashboardStore; plan: a RoomPlan (plan.js) or null. */
  constructor(store, onAction, plan = null) {
    this.store = store;
    this.onAction = onAction;
    this.plan = plan;
    this.sort = { key: "name", direction: 1 };
    this.entries = new Map(); // candidate_id -> {signature, tr, time, connection}
    this.caption = h("caption", { class: "visually-hidden" }); // the toolbar shows the counts; read by screen readers
    this.headers = {};
    const header = (title, key = null) => {
      if (!key) return h("th", { scope: "col", text: title });
      const button = h("button", { type: "button", class: "sort", onclick: () => this.sortBy(key) }, title,
        h("span", { class: "sort-mark", "aria-hidden": "true" }));
      this.headers[key] = h("th", { scope: "col" }, button);
      return this.headers[key];
    };
    this.body = h("tbody");
    this.filter = "all";
    this.query = "";
    this.filterButtons = new Map(FILTERS.map((f) => [f.key, h("button", {
      type: "button", class: "filter", dataset: { filter: f.key }, "aria-pressed": String(f.key === this.filter),
      onclick: () => this.filterBy(f.key),
    })]));
    this.search = h("input", { type: "search", id: "roster-search", autocomplete: "off", spellcheck: "false",
      placeholder: "Nom ou prénom", oninput: () => { this.query = folded(this.search.value.trim()); this.render(); },
      onkeydown: (event) => { if (event.key === "Escape" && this.search.value) { this.search.value = ""; this.query = ""; this.render(); } } });
    this.shownCount = h("p", { class: "shown-count", role: "status" });
    this.absentRow = h("tr", { class: "group" }, h("th", { scope: "rowgroup", colspan: String(COLUMNS) }));
    this.noneRow = h("tr", { class: "none" }, h("td", { colspan: String(COLUMNS), text: "Aucun candidat ne correspond." }));
    const saved = storage.get(VIEW_KEY);
    this.view = plan && VIEWS.some((v) => v.key === saved) ? saved : "list";
    this.viewButtons = new Map(VIEWS.map((v) => [v.key, h("button", {
      type: "button", class: "filter view", dataset: { view: v.key }, "aria-pressed": String(v.key === this.view),
      text: v.label, onclick: () => this.setView(v.key),
    })]));
    this.toolbar = h("div", { class: "roster-tools" },
      plan ? h("div", { class: "filters views", role: "group", "aria-label": "Vue" }, [...this.viewButtons.values()]) : null,
      h("div", { class: "filters", role: "group", "aria-label": "Afficher" }, [...this.filterButtons.values()]),
      h("div", { class: "search" }, h("label", { for: "roster-search", text: `Rechercher${NBSP}:` }), this.search),
      this.shownCount);
    this.table = h("table", { class: "roster" }, this.caption,
      h("thead", {}, h("tr", {}, header("Nom", "name"), header("Prénom"), header("Naissance"),
        header("Tiers temps"), header("Statut", "status"), header("Avancement", "progress"), header("Temps", "time"),
        header("Connexion et poste"), header("Actions"))),
      this.body);
    this.element = h("div", { class: "roster-wrap" }, this.toolbar, plan ? plan.element : null, this.table);
    this.showSort();
    this.setView(this.view);
  }

  setView(key) {
    this.view = key;
    storage.set(VIEW_KEY, key);
    for (const [k, button] of this.viewButtons) button.setAttribute("aria-pressed", String(k === key));
    if (this.plan) {
      this.plan.element.hidden = key === "list";
      if (key === "list") this.plan.stop();
      else this.plan.start();
    }
    this.table.hidden = key === "plan";
    this.render();
  }

  filterBy(key) {
    this.filter = key;
    for (const [k, button] of this.filterButtons) button.setAttribute("aria-pressed", String(k === key));
    this.render();
  }

  sortBy(key) {
    this.sort = { key, direction: this.sort.key === key ? -this.sort.direction : 1 };
    this.showSort();
    this.render();
  }

  showSort() {
    for (const [key, th] of Object.entries(this.headers)) {
      const on = key === this.sort.key;
      th.setAttribute("aria-sort", on ? (this.sort.direction > 0 ? "ascending" : "descending") : "none");
      th.querySelector(".sort-mark").textContent = on ? (this.sort.direction > 0 ? " ▲" : " ▼") : " ↕";
      th.querySelector("button").setAttribute("aria-label",
        `${SORTS[key].label}${on ? (this.sort.direction > 0 ? ", trié par ordre croissant" : ", trié par ordre décroissant") : ", trier"}`);
    }
  }

  render() {
    const session = this.store.summary;
    if (!session) return;
    const active = document.activeElement;
    const focusKey = active && this.body.contains(active) ? active.dataset.focusKey : null;
    const focusRow = active && this.body.contains(active) ? active.closest("tr")?.dataset.candidateId : null;

    const all = this.store.rowList();
    const { compare } = SORTS[this.sort.key];
    all.sort((a, b) => this.sort.direction * compare(a, b) || byName(a, b));
    const present = all.filter((r) => r.status !== ATTEMPT.ENROLLED).length;
    this.caption.textContent = `Candidats${NBSP}: ${plural(all.length, "inscrit")}, ${plural(present, "présent")} `
      + `(présence confirmée). Tri${NBSP}: ${SORTS[this.sort.key].label.toLowerCase()}.`;
    for (const f of FILTERS) {
      this.filterButtons.get(f.key).textContent = `${f.label} (${all.filter(f.test).length})`;
    }
    const { test } = FILTERS.find((f) => f.key === this.filter);
    const query = this.query;
    const matches = (r) => !query || folded(`${r.first_name} ${r.last_name}`).includes(query)
      || folded(`${r.last_name} ${r.first_name}`).includes(query);
    const shown = all.filter((r) => test(r) && matches(r));
    // Absent (not yet present) candidates come after the others, whatever the sort: they never interleave.
    const here = shown.filter((r) => r.status !== ATTEMPT.ENROLLED);
    const away = shown.filter((r) => r.status === ATTEMPT.ENROLLED);
    const shownWord = shown.length > 1 ? "affichés" : "affiché";
    this.shownCount.textContent = shown.length === all.length ? `${plural(all.length, "candidat")} ${shownWord}`
      : `${shown.length} sur ${all.length} ${shownWord}`;

    const nodes = [];
    const seen = new Set();
    const place = (row) => {
      seen.add(row.candidate_id);
      const signature = signatureOf(row, session);
      let entry = this.entries.get(row.candidate_id);
      if (!entry || entry.signature !== signature) {
        const fresh = this.build(row, session);
        if (entry) entry.tr.replaceWith(fresh.tr);
        entry = { signature, ...fresh };
        this.entries.set(row.candidate_id, entry);
      }
      nodes.push(entry.tr);
    };
    here.forEach(place);
    if (here.length && away.length) {
      this.absentRow.firstChild.textContent = session.status === SESSION.CREATED
        ? `Présence pas encore confirmée${NBSP}: ${away.length}` : `Absents${NBSP}: ${away.length}`;
      nodes.push(this.absentRow);
    }
    away.forEach(place);
    if (!nodes.length) nodes.push(this.noneRow);
    nodes.forEach((node, i) => {
      if (this.body.children[i] !== node) this.body.insertBefore(node, this.body.children[i] || null);
    });
    while (this.body.children.length > nodes.length) this.body.lastChild.remove();
    for (const [id, entry] of this.entries) {
      if (!seen.has(id)) {
        entry.tr.remove();
        this.entries.delete(id);
      }
    }
    this.tick();
    if (this.plan && this.view !== "list") this.plan.render((r) => test(r) && matches(r));
    if (focusRow && document.activeElement !== active) {
      const tr = this.entries.get(focusRow)?.tr;
      const target = (focusKey && tr?.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`))
        || tr?.querySelector("button") || tr?.querySelector("th");
      if (target) focusOn(target);
    }
  }

  /** Refresh the cells that move with the clock: time used/left and connection. */
  tick() {
    const now = this.store.serverNow();
    for (const entry of this.entries.values()) {
      const row = this.store.rows.get(entry.tr.dataset.candidateId);
      if (!row) continue;
      fillTime(entry.time, row, now);
      fillConnection(entry.connection, row, now, this.store.timeoutS);
    }
  }

  /** How many candidates show as disconnected now (for the counters). */
  disconnectedCount() {
    const now = this.store.serverNow();
    let n = 0;
    for (const row of this.store.rows.values()) {
      if (connectionNow(row, now, this.store.timeoutS).state === CONNECTION.DISCONNECTED) n += 1;
    }
    return n;
  }

  build(row, session) {
    const name = fullName(row);
    const { label, icon } = statusLabel(row);
    const detail = statusDetail(row, session.status === SESSION.CREATED);
    const happened = happenedWords(row);
    const actions = availableActions(row, session);
    const button = (action, text, cls, extra = {}) => h("button", {
      type: "button", class: cls, dataset: { focusKey: `${row.candidate_id}:${action}` }, ...extra,
      onclick: (event) => this.onAction(action, row, event.currentTarget),
    }, text, h("span", { class: "visually-hidden", text: ` : ${name}` }));
    const inline = actions.filter((a) => a.inline)
      .map((a) => button(a.key, a.label, `small${a.primary ? " primary" : ""}`));
    const menu = actions.some((a) => !a.inline)
      ? button("menu", "Actions…", "small", { "aria-haspopup": "dialog" }) : null;
    const time = h("td", { class: "time" });
    const connection = h("td", { class: "connection" });
    const tr = h("tr", { dataset: { candidateId: row.candidate_id, display: row.display_status } },
      h("th", { scope: "row", class: "last-name", text: row.last_name }),
      h("td", { text: row.first_name }),
      h("td", { class: "nowrap", text: frenchDate(row.birthdate) }),
      h("td", { class: "extra", text: extraTimeWords(row.extra_time_pct) }),
      h("td", { class: "status" },
        h("span", { class: "badge", dataset: { display: row.display_status } },
          h("span", { class: "icon", "aria-hidden": "true", text: icon }), " ", label),
        detail ? h("span", { class: "detail", text: detail }) : null,
        happened.map(({ kind, text }) => h("span", { class: "happened", dataset: { kind }, text }))),
      h("td", { class: "progress nowrap", text: row.total ? `${row.answered} / ${row.total}` : "—" }),
      time, connection,
      h("td", { class: "row-actions" }, inline, menu));
    return { tr, time, connection };
  }
}

/** What the rebuilt part of a row depends on (time and connection are refreshed in place). */
function signatureOf(row, session) {
  const { connection, pc, _at, time_left_s: left, time_used_s: used, ...stable } = row;
  return JSON.stringify([stable, session.status]);
}

function fillTime(cell, row, now) {
  const times = timesNow(row, now);
  let key;
  let parts;
  if (!times) {
    key = "none";
    parts = () => ["—"];
  } else {
    const running = row.clock_running && row.status !== ATTEMPT.ENDED && row.status !== ATTEMPT.ENDED_BY_INVIGILATOR;
    const left = running ? (times.left > 0 ? `reste ${clockWords(times.left)}` : "temps écoulé") : null;
    const used = `${running ? "utilisé" : "durée"} ${clockWords(times.used)}`;
    const added = addedWords(row.added_s);
    const back = givenBackWords(row.given_back);
    key = [left, used, added, ...back].join("|");
    parts = () => [left ? h("span", { class: times.left > 0 ? "left" : "left over", text: left }) : null,
      h("span", { class: "used", text: used }), added ? h("span", { class: "added", text: added }) : null,
      ...back.map((text) => h("span", { class: "given-back", text }))];
  }
  if (cell.dataset.key !== key) {
    cell.dataset.key = key;
    cell.replaceChildren(...parts().filter(Boolean));
  }
}

function fillConnection(cell, row, now, timeoutS) {
  const connection = connectionNow(row, now, timeoutS);
  const { icon, text } = connectionWords(connection);
  const pc = pcWords(row.pc);
  const key = `${text}|${pc}`;
  if (cell.dataset.key === key) return;
  cell.dataset.key = key;
  cell.dataset.state = connection.state;
  cell.replaceChildren(h("span", { class: "conn" }, h("span", { class: "icon", "aria-hidden": "true", text: icon }), " ", text));
  if (pc) cell.append(h("span", { class: "pc", text: `poste ${pc}` }));
}

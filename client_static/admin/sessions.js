// The sessions list (/admin): filters, one line per session (upcoming first), and the form
// that creates a session and opens its page.

import { SESSION_LABELS } from "../shared/constants.js";
import { focusOn } from "../shared/dom.js";
import { sessionFields } from "./sessionform.js";
import { syncBadge, syncStates } from "./sync.js";
import { clearErrors, el, errorBox, field, FormError, hidden, setText, showError } from "./ui.js";
import { clock, count, longDate, roomText } from "./words.js";

const SYMBOLS = { created: "○", started: "▶", closed: "■", finalised: "✔", synced: "⇪" };

/** The status in words, with a symbol (never the colour alone). */
export function statusBadge(status, label) {
  return el("span", { class: "badge", dataset: { status } },
    el("span", { class: "icon", "aria-hidden": "true" }, SYMBOLS[status] || "•"), " ", label || SESSION_LABELS[status] || status);
}

const sessionPath = (number) => `/admin/sessions/${number}`;

function filtersForm(current, onFilter) {
  const status = field("Statut", "select", {}, {
    options: [{ value: "", label: "tous les statuts" },
      ...Object.entries(SESSION_LABELS).map(([value, label]) => ({ value, label, selected: value === current.status }))],
  });
  const from = field("Du", "input", { type: "date", value: current.date_from || null });
  const to = field("Au", "input", { type: "date", value: current.date_to || null });
  const apply = el("button", { type: "submit", text: "Filtrer" });
  const reset = el("button", { type: "button", class: "link", text: "Tout afficher" });
  const form = el("form", { class: "filters", role: "search", "aria-label": "Filtrer les sessions", novalidate: true },
    status.element, from.element, to.element, el("div", { class: "filter-actions" }, apply, reset));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onFilter({ status: status.input.value, date_from: from.input.value, date_to: to.input.value });
  });
  reset.addEventListener("click", () => {
    [status.input, from.input, to.input].forEach((input) => { input.value = ""; });
    onFilter({});
  });
  return form;
}

function sessionTable(sessions, filtered, jobs = {}) {
  if (!sessions.length) {
    return el("p", { class: "message note" }, filtered ? "Aucune session ne correspond à ces filtres."
      : "Aucune session pour l'instant\u00a0: créez la première avec le formulaire ci-dessous.");
  }
  return el("table", { class: "list sessions" },
    el("caption", {}, count(sessions.length, "session"), filtered ? " (filtrées)" : "", ", à venir d'abord"),
    el("thead", {}, el("tr", {}, ["Numéro", "Date et heure", "Lieu", "Statut", "Candidats"]
      .map((title) => el("th", { scope: "col" }, title)))),
    el("tbody", {}, sessions.map((s) => el("tr", {},
      el("th", { scope: "row" }, el("a", { href: sessionPath(s.session_number), "data-route": true,
        dataset: { focusKey: `session:${s.session_number}` } },
      hidden("Session n° "), String(s.session_number))),
      el("td", {}, el("span", { class: "line" }, longDate(s.date)), el("span", { class: "line" }, clock(s.start_time))),
      el("td", { class: "wrap" }, el("span", { class: "line" }, s.site), el("span", { class: "line" }, roomText(s.room))),
      el("td", {}, statusBadge(s.status, s.status_label),
        jobs[s.session_number] ? el("span", { class: "line" }, syncBadge(jobs[s.session_number])) : null),
      el("td", {}, count(s.candidates, "candidat", "candidats", "aucun candidat"))))));
}

function createForm(ctx) {
  const fields = sessionFields();
  const error = errorBox();
  const submit = el("button", { type: "submit", class: "primary", text: "Créer la session" });
  const form = el("form", { class: "card create", novalidate: true, "aria-labelledby": "create-title" },
    el("h2", { id: "create-title" }, "Créer une session"),
    el("p", { class: "hint" }, "Le serveur choisit le numéro de session, le mot de passe surveillant et, au démarrage, "
      + "le code d'accès."),
    error, fields.element, el("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-disabled") === "true") return;
    clearErrors(form, error);
    let body;
    try {
      body = fields.read();
    } catch (e) {
      if (e instanceof FormError) showError(error, e.message, e.input);
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    try {
      const created = await ctx.client.call("POST", "/sessions", body);
      ctx.toast.show(`Session n° ${created.session_number} créée.`);
      ctx.navigate(sessionPath(created.session_number));
    } catch (e) {
      submit.removeAttribute("aria-disabled");
      if (e.status === 401) return;
      setText(error, e.message);
      const input = fields.fieldFor(e);
      if (input) input.setAttribute("aria-invalid", "true");
      focusOn(error); // the message first; the field is marked
    }
  });
  return form;
}

const queryOf = (filters) => new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();

async function loadList(ctx, listArea, error, filters) {
  const query = queryOf(filters);
  listArea.setAttribute("aria-busy", "true");
  try {
    const [data, jobs] = await Promise.all([ctx.client.call("GET", `/sessions${query ? `?${query}` : ""}`),
      syncStates(ctx)]);
    if (!ctx.isCurrent()) return;
    listArea.replaceChildren(sessionTable(data.sessions, Boolean(query), jobs));
  } catch (e) {
    if (e.status === 401 || !ctx.isCurrent()) return;
    showError(error, e.message);
  } finally {
    listArea.removeAttribute("aria-busy");
  }
}

/** Draw the list view in ctx.main. */
export async function showSessions(ctx) {
  document.title = "Sessions — administration du serveur de salle";
  const params = new URLSearchParams(window.location.search);
  const current = { status: params.get("status") || "", date_from: params.get("date_from") || "",
    date_to: params.get("date_to") || "" };
  const error = errorBox();
  const listArea = el("div", { class: "list-area" }, el("p", {}, "Chargement des sessions…"));
  const onFilter = (next) => {
    const query = queryOf(next);
    window.history.replaceState({}, "", `/admin${query ? `?${query}` : ""}`);
    setText(error, "");
    loadList(ctx, listArea, error, next);
  };
  const create = createForm(ctx);
  const toForm = el("button", { type: "button", class: "primary", text: "Créer une session",
    onclick: () => create.querySelector("input").focus() });
  ctx.main.replaceChildren(el("div", { class: "view sessions-view" },
    el("div", { class: "title-line" }, el("h1", {}, "Sessions"), toForm), error, filtersForm(current, onFilter),
    listArea, create));
  await loadList(ctx, listArea, error, current);
}

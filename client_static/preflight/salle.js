// The technician's room board: every PC, its checks and remedies, the room verdict.
import { PlanEditor } from "./plan.js";
import { api as publicApi, badge, el, PC_STATUS, plural } from "./status.js";

const API = "/api/v1/preflight";
const $ = (id) => document.getElementById(id);
const SOURCES = { browser: "Navigateur", agent: "Agent du poste", tasks: "Tâches pratiques" };

// The board needs the administrator's login (the same token as the /admin pages, kept in
// sessionStorage; keep the key in sync with client_static/admin/client.js).
const TOKEN_KEY = "roomserver.admin.token";
const token = {
  get: () => { try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; } },
  set: (value) => { try { sessionStorage.setItem(TOKEN_KEY, value); } catch { /* asked again on reload */ } },
  clear: () => { try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* nothing to do */ } },
};

async function api(path, options = {}) {
  try {
    return await publicApi(path, { ...options, headers: { ...(options.headers || {}), Authorization: `Bearer ${token.get()}` } });
  } catch (error) {
    if (error.status === 401) askLogin(error.message);
    throw error;
  }
}

function askLogin(message) {
  token.clear();
  $("login").hidden = false;
  $("board").hidden = true;
  $("login-error").textContent = message || "";
  $("admin-password").focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const answer = await publicApi("/api/v1/admin/login", { json: { password: $("admin-password").value } });
    token.set(answer.token);
    $("admin-password").value = "";
    $("login").hidden = true;
    $("board").hidden = false;
    load();
  } catch (error) {
    $("login-error").textContent = error.message;
    $("admin-password").focus();
  }
});

async function download(path, filename) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token.get()}` }, cache: "no-store" });
  if (response.status === 401) { askLogin("Identifiez-vous de nouveau."); return; }
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
document.querySelectorAll("a[data-download]").forEach((link) => link.addEventListener("click", (event) => {
  event.preventDefault();
  download(link.getAttribute("href"), link.dataset.download);
}));

function date(iso) {
  return iso ? new Date(iso).toLocaleString("fr-FR", { dateStyle: "short", timeStyle: "short" }) : "jamais";
}

function checksDetails(pc) {
  const problems = pc.checks.filter((c) => c.status !== "pass").length;
  const summary = el("summary", {}, `${plural(pc.checks.length, "vérification")}, ${problems}\u00a0à traiter`);
  const groups = Object.entries(SOURCES).map(([source, title]) => {
    const checks = pc.checks.filter((c) => c.source === source);
    if (!checks.length) return null;
    return el("div", {}, el("h3", {}, title), el("ul", {}, ...checks.map((c) => el("li", { "data-check": c.id },
      badge(c.status), " ", el("strong", {}, c.label || c.id), "\u00a0: ", c.detail,
      c.remedy && c.status !== "pass" ? el("p", { class: "remedy" }, "Que faire\u00a0: ", c.remedy) : null))));
  });
  return el("details", {}, summary, ...groups);
}

const plan = new PlanEditor({ api, path: `${API}/room/plan` });
const placeForms = new Map(); // pc_id -> {row, col} inputs of the list, kept in step with the plan

/** The row-and-column form of one PC (the plan without the grid). */
function placeCell(pc) {
  const rowInput = el("input", { id: `row-${pc.pc_id}`, type: "number", min: "1", max: "30", inputmode: "numeric", class: "seat-number" });
  const colInput = el("input", { id: `col-${pc.pc_id}`, type: "number", min: "1", max: "30", inputmode: "numeric", class: "seat-number" });
  const said = el("span", { class: "place-said", "aria-live": "polite" });
  const remove = el("button", { type: "button", onclick: async () => { said.textContent = ` ${await plan.unplace(pc.pc_id) || "Retiré du plan."}`; } },
    "Retirer du plan", el("span", { class: "visually-hidden" }, `\u00a0: ${pc.label || pc.host || pc.pc_id}`));
  const show = () => {
    const seat = plan.seats.get(pc.pc_id);
    if (document.activeElement !== rowInput) rowInput.value = seat ? seat.row : "";
    if (document.activeElement !== colInput) colInput.value = seat ? seat.col : "";
    remove.hidden = !seat;
  };
  placeForms.set(pc.pc_id, show);
  show();
  const form = el("form", { class: "place-form", onsubmit: async (event) => {
    event.preventDefault();
    const failed = await plan.place(pc.pc_id, Number(rowInput.value), Number(colInput.value));
    said.textContent = ` ${failed || "Placé."}`;
  } }, el("label", { for: rowInput.id }, "Rangée\u00a0:"), rowInput, " ", el("label", { for: colInput.id }, "Colonne\u00a0:"),
  colInput, " ", el("button", { type: "submit" }, "Placer", el("span", { class: "visually-hidden" }, `\u00a0: ${pc.label || pc.host || pc.pc_id}`)));
  return el("td", {}, form, remove, said);
}
document.addEventListener("plan-saved", () => placeForms.forEach((show) => show()));

function row(pc) {
  const inputId = `label-${pc.pc_id}`;
  const input = el("input", { id: inputId, value: pc.label, maxlength: "40", placeholder: "poste 12" });
  const saved = el("span", { "aria-live": "polite" });
  const form = el("form", { onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api(`${API}/pcs/${pc.pc_id}`, { method: "PATCH", json: { label: input.value } });
      saved.textContent = " Enregistré.";
    } catch (error) { saved.textContent = ` ${error.message}`; }
  } }, el("label", { for: inputId, class: "visually-hidden" }, `Nom du poste ${pc.pc_id}`), input, " ",
  el("button", { type: "submit" }, "Renommer"), saved);
  const state = el("div", {}, badge(pc.status, PC_STATUS));
  if (pc.missing.length) state.append(el("p", {}, "Reste\u00a0: ", pc.missing.join(", "), "."));
  if (pc.fails || pc.warns) state.append(el("p", {}, `${plural(pc.fails, "échec")}, ${pc.warns}\u00a0à surveiller`));
  const remove = el("button", { type: "button", onclick: async () => {
    if (!confirm(`Retirer le poste ${pc.label || pc.host || pc.pc_id} du tableau\u00a0?`)) return;
    await api(`${API}/pcs/${pc.pc_id}`, { method: "DELETE" });
    load();
  } }, "Retirer");
  return el("tr", { "data-pc": pc.pc_id }, el("td", {}, form, el("small", {}, `code ${pc.pc_id}`)),
    el("td", {}, pc.host || "—"), el("td", {}, date(pc.last_run)), el("td", {}, state), el("td", {}, checksDetails(pc)),
    placeCell(pc), el("td", {}, remove));
}

function showVerdict(v) {
  const need = `${plural(v.needed, "poste nécessaire", "postes nécessaires")}\u00a0: ${plural(v.candidates_planned, "candidat")} + ${v.spares} de secours (1 pour 20)`;
  const ready = plural(v.ready, "poste prêt", "postes prêts");
  $("verdict").replaceChildren(badge(v.room_ready ? "pass" : "fail"), " ",
    v.room_ready ? `Salle prête\u00a0: ${ready} sur ${v.pcs}. ${need}.`
      : `Salle pas encore prête\u00a0: ${ready} sur ${v.pcs}. ${need}.`);
  if (document.activeElement !== $("planned")) $("planned").value = v.candidates_planned;
  $("planned-note").textContent = v.planned_set_by_technician ? "(saisi à la main)" : "(inscrits de la prochaine session)";
}

async function load() {
  if (!token.get()) { askLogin(""); return; }
  try {
    const [board, seats] = await Promise.all([api(`${API}/room`), api(`${API}/room/plan`)]);
    showVerdict(board.verdict);
    if (!plan.busy) plan.update(seats, board.pcs);
    const editing = document.activeElement?.closest?.("#pcs form");
    if (!editing) {
      placeForms.clear();
      $("pcs").replaceChildren(...board.pcs.map(row));
    } else placeForms.forEach((show) => show());
    $("empty").hidden = board.pcs.length > 0;
    document.body.dataset.state = "done";
  } catch (error) {
    if (error.status !== 401) $("verdict").textContent = `Le serveur de salle ne répond pas\u00a0: ${error.message}`;
  }
}

async function setPlanned(value) {
  try {
    const { verdict } = await api(`${API}/room`, { method: "PATCH", json: { candidates_planned: value } });
    showVerdict(verdict);
  } catch (error) { $("planned-note").textContent = error.message; }
}

$("planned-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setPlanned($("planned").value === "" ? null : Number($("planned").value));
});
$("planned-reset").addEventListener("click", () => setPlanned(null));
$("refresh").addEventListener("click", load);
setInterval(() => { if (token.get()) load(); }, 15000);
load();

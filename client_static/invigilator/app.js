// The invigilator's page (minimal version, polling every 5 s): log in, see the candidates,
// confirm presence, start the session and project the access code, authorise resumes.

import * as api from "../shared/api.js";
import { ConnectionBanner } from "../shared/connection.js";
import { API, SESSION, SESSION_LABELS, ATTEMPT } from "../shared/constants.js";
import { announce, focusOn, h, openDialog, storage, uid } from "../shared/dom.js";
import { clockTime } from "../shared/format.js";
import { Roster } from "./roster.js";

const REFRESH_MS = 5000;
const TOKEN_KEY = "roomserver.invigilator.login";

const main = document.getElementById("main");
const who = document.getElementById("who");
const logoutButton = document.getElementById("logout");
const banner = new ConnectionBanner(document.getElementById("connection"), {
  lostText: "Connexion au serveur de salle perdue : nouvel essai…",
  serverText: "Le serveur de salle ne répond pas correctement : nouvel essai…",
});

let login = storage.getJSON(TOKEN_KEY); // {token, sessionNumber}
let view = null; // the session view on screen
let timer = null;
let failures = 0;
let generation = 0; // bumped by each action, so an older refresh does not overwrite a newer result

// -- log in ---------------------------------------------------------------------------------------

function showLogin(message = "") {
  clearTimeout(timer);
  view = null;
  who.textContent = "";
  logoutButton.hidden = true;
  const numberId = uid("number");
  const passwordId = uid("password");
  const number = h("input", { id: numberId, type: "text", inputmode: "numeric", autocomplete: "off", size: 8, maxlength: 6,
    value: login ? login.sessionNumber : null });
  const passwordHint = uid("hint");
  const password = h("input", { id: passwordId, type: "password", autocomplete: "off", size: 12, maxlength: 20,
    "aria-describedby": passwordHint });
  const error = h("div", { class: "message error", role: "alert", tabindex: "-1" });
  const submit = h("button", { type: "submit", class: "primary", text: "Se connecter" });
  const heading = h("h1", { text: "Connexion du surveillant" });
  const form = h("form", { class: "card login", novalidate: true }, heading, error,
    h("div", { class: "field" }, h("label", { for: numberId, text: "Numéro de session" }), number),
    h("div", { class: "field" }, h("label", { for: passwordId, text: "Mot de passe surveillant" }),
      h("p", { class: "hint", id: passwordHint, text: "Sur la page de la session, sous la forme C-XXXXXX." }), password),
    h("div", { class: "actions" }, submit));
  main.replaceChildren(form);
  error.textContent = message;
  (number.value ? password : number).focus();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const sessionNumber = number.value.trim();
    if (!/^\d{1,6}$/.test(sessionNumber)) {
      error.textContent = "Le numéro de session est un nombre.";
      number.focus();
      return;
    }
    if (!password.value.trim()) {
      error.textContent = "Écrivez le mot de passe surveillant.";
      password.focus();
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    try {
      const result = await api.withRetry(() => api.post(`${API}/invigilator/login`,
        { session_number: Number(sessionNumber), password: password.value.trim() }), { onRetry: (e) => banner.lost(e) });
      banner.restored();
      login = { token: result.token, sessionNumber };
      storage.setJSON(TOKEN_KEY, login);
      showSession();
    } catch (e) {
      submit.removeAttribute("aria-disabled");
      error.textContent = e.message;
      focusOn(error);
    }
  });
}

function logout() {
  storage.remove(TOKEN_KEY);
  login = login ? { sessionNumber: login.sessionNumber } : null;
  showLogin();
}
logoutButton.addEventListener("click", logout);

// -- the session ----------------------------------------------------------------------------------

const roster = new Roster(act);
const heading = h("h1");
const details = h("p", { class: "details" });
const sessionStatus = h("p", { class: "session-status" });
const problem = h("div", { class: "message error", role: "alert", tabindex: "-1" });
const startArea = h("section", { class: "start-area", "aria-label": "Démarrage" });
const updated = h("p", { class: "hint updated" });

function showSession() {
  logoutButton.hidden = false;
  main.replaceChildren(h("div", { class: "session" }, heading, details, sessionStatus, problem, startArea,
    roster.element, updated));
  heading.textContent = `Session n° ${login.sessionNumber}`;
  focusOn(heading);
  refresh();
}

async function refresh() {
  clearTimeout(timer);
  const mine = generation;
  try {
    const session = await api.get(`${API}/invigilator/session`, login.token);
    failures = 0;
    banner.restored();
    if (mine === generation) render(session);
    timer = setTimeout(refresh, REFRESH_MS);
  } catch (e) {
    if (e.status === 401) return showLogin(e.message);
    if (e.retryable) banner.lost(e);
    else problem.textContent = e.message;
    failures += 1;
    timer = setTimeout(refresh, Math.max(REFRESH_MS, api.backoff(failures, 2000, 20000)));
  }
}

function render(session) {
  view = session;
  const d = session.details || {};
  who.textContent = [d.site, d.room].filter(Boolean).join(" — ");
  heading.textContent = `Session n° ${session.session_number}${d.room ? ` — ${d.room}` : ""}`;
  details.textContent = [d.date ? frenchDay(d.date) : null, d.start_time ? `début prévu ${d.start_time}` : null,
    (d.invigilators || []).length ? `surveillance : ${d.invigilators.join(", ")}` : null].filter(Boolean).join(" · ");
  sessionStatus.textContent = `Session ${SESSION_LABELS[session.status] || session.status}`
    + (session.started_at ? ` à ${clockTime(session.started_at)}` : "") + ".";
  renderStartArea(session);
  roster.render(session);
  updated.textContent = `Mis à jour à ${new Date().toLocaleTimeString("fr-FR")} (toutes les 5 secondes).`;
}

function frenchDay(iso) {
  const date = new Date(`${iso}T12:00:00`);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString("fr-FR", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

let startAreaKey = null;
function renderStartArea(session) {
  const key = session.access_code ? `code:${session.access_code}` : session.status;
  if (key === startAreaKey) return;
  const hadFocus = startArea.contains(document.activeElement);
  startAreaKey = key;
  if (session.status === SESSION.CREATED) {
    const start = h("button", { type: "button", class: "primary", text: "Démarrer la session", onclick: askStart });
    startArea.replaceChildren(
      h("p", { text: "Confirmez la présence de chaque candidat (pièce d'identité, signature), puis démarrez la session." }),
      start);
    if (hadFocus) start.focus();
  } else if (session.access_code) {
    const code = h("p", { class: "access-code", id: "access-code", text: session.access_code });
    const box = h("div", { class: "code-box" },
      h("p", { class: "code-label", text: "Code d'accès à donner aux candidats" }), code,
      h("p", { class: "code-spelled", text: spell(session.access_code) }));
    const full = h("button", { type: "button", text: "Afficher le code en plein écran",
      onclick: () => (box.requestFullscreen ? box.requestFullscreen().catch(() => {}) : null) });
    startArea.replaceChildren(box, full);
    if (hadFocus) full.focus();
  } else {
    startArea.replaceChildren();
  }
}

/** "KMPT47" -> "K M P T 4 7": easier to read aloud and to copy from the back of the room. */
const spell = (code) => code.split("").join(" ");

async function askStart() {
  const present = view ? view.candidates.filter((c) => c.status === ATTEMPT.PRESENT).length : 0;
  const total = view ? view.candidates.length : 0;
  document.getElementById("start-count").textContent =
    `${present} candidat${present > 1 ? "s" : ""} présent${present > 1 ? "s" : ""} sur ${total} inscrit${total > 1 ? "s" : ""}.`;
  const choice = await openDialog(document.getElementById("start-dialog"), document.getElementById("start-cancel"));
  if (choice !== "confirm") return;
  await run(async () => {
    const result = await api.post(`${API}/invigilator/session/start`, undefined, login.token);
    announce(`Session démarrée. Code d'accès : ${spell(result.access_code)}.`);
    return null;
  });
}

async function act(action, row) {
  const base = `${API}/invigilator/candidates/${encodeURIComponent(row.candidate_id)}`;
  await run(() => {
    if (action === "confirm") return api.post(`${base}/presence`, undefined, login.token);
    if (action === "cancel") return api.del(`${base}/presence`, login.token);
    return api.post(`${base}/authorise-resume`, undefined, login.token);
  });
  const name = `${row.first_name} ${row.last_name}`;
  if (!problem.textContent) {
    announce({ confirm: `Présence de ${name} confirmée.`, cancel: `Présence de ${name} annulée.`,
      resume: `Reprise autorisée pour ${name}.` }[action]);
  }
}

/** Do one action; render the session it returns (or reload it), or show why it was refused. */
async function run(action) {
  generation += 1;
  clearTimeout(timer);
  problem.textContent = "";
  try {
    const session = await api.withRetry(action, { onRetry: (e) => banner.lost(e) });
    banner.restored();
    if (session && session.candidates) render(session);
  } catch (e) {
    if (e.status === 401) return showLogin(e.message);
    problem.textContent = e.message;
    focusOn(problem);
  }
  refresh();
}

if (login && login.token) showSession();
else showLogin();

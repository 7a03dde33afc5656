// The invigilator's page (/surveillant): log in, then the live dashboard of the session
// (docs/live-dashboard.md). The token is kept in this browser so that a reload stays logged
// in; a refused token (401, or the live channel refusing it) brings the login back.

import { ConnectionBanner } from "../shared/connection.js";
import { storage } from "../shared/dom.js";
import { openDashboard } from "./dashboard.js";
import { closeAllDialogs } from "./dialogs.js";
import { showLogin } from "./login.js";

const TOKEN_KEY = "roomserver.invigilator.login";

const main = document.getElementById("main");
const who = document.getElementById("who");
const logoutButton = document.getElementById("logout");
const bannerElement = document.getElementById("connection");
const loginBanner = new ConnectionBanner(bannerElement, {
  lostText: "Connexion au serveur de salle perdue\u00a0: nouvel essai…",
  serverText: "Le serveur de salle ne répond pas correctement\u00a0: nouvel essai…",
});

let login = storage.getJSON(TOKEN_KEY); // {token, sessionNumber, invigilatorId, name}
let dashboard = null;

function toLogin(message = "") {
  if (dashboard) dashboard.close();
  dashboard = null;
  closeAllDialogs();
  login = login ? { sessionNumber: login.sessionNumber, name: login.name } : null;
  storage.setJSON(TOKEN_KEY, login);
  who.textContent = "";
  logoutButton.hidden = true;
  showLogin(main, {
    message,
    sessionNumber: login ? login.sessionNumber : "",
    name: login ? login.name : "",
    banner: loginBanner,
    onLoggedIn(result) {
      login = result;
      storage.setJSON(TOKEN_KEY, login);
      toDashboard();
    },
  });
}

function toDashboard() {
  logoutButton.hidden = false;
  who.textContent = login.name ? `Connecté\u00a0: ${login.name}` : "";
  dashboard = openDashboard({ main, login, banner: bannerElement, onLoggedOut: (message) => toLogin(message) });
}

logoutButton.addEventListener("click", () => toLogin());

if (login && login.token) toDashboard();
else toLogin();

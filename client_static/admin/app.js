// The administrator's pages (/admin): one HTML page, several views chosen from the URL
// (history.pushState): the login, the sessions list, a session's page. A 401 anywhere brings
// the login back with the server's message; after logging in, the same view comes back.

import { post } from "../shared/api.js";
import { API } from "../shared/constants.js";
import { announce, focusOn } from "../shared/dom.js";
import { AdminClient, tokenStore } from "./client.js";
import { closeAllDialogs } from "./dialogs.js";
import { showLogin } from "./login.js";
import { showSession } from "./session.js";
import { showSessions } from "./sessions.js";
import { Toast } from "./ui.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const logoutButton = document.getElementById("logout");
const toast = new Toast();
const client = new AdminClient((message) => toLogin(message));
let generation = 0; // a view drawn by an older navigation must not overwrite a newer one

function toLogin(message = "", calm = false) {
  generation += 1;
  closeAllDialogs();
  toast.hide();
  tokenStore.clear();
  nav.hidden = true;
  logoutButton.hidden = true;
  showLogin(main, {
    message,
    calm,
    onLoggedIn(token) {
      tokenStore.set(token);
      render({ fresh: true });
    },
  });
}

/** Go to an /admin URL without reloading the page. */
function navigate(path, { replace = false } = {}) {
  if (replace) window.history.replaceState({}, "", path);
  else window.history.pushState({}, "", path);
  render({ fresh: true });
}

/** Links inside the page go through navigate() (a new tab or window still works as usual). */
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-route]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", () => render({ fresh: true }));

function route() {
  const match = /^\/admin\/sessions\/(\d+)\/?$/.exec(window.location.pathname);
  if (match) return { view: "session", number: Number(match[1]) };
  return { view: "sessions" };
}

const context = () => ({ client, toast, navigate, main, isCurrent: ((g) => () => g === generation)(generation) });

async function render({ fresh = false } = {}) {
  if (!tokenStore.get()) {
    toLogin();
    return;
  }
  generation += 1;
  closeAllDialogs();
  nav.hidden = false;
  logoutButton.hidden = false;
  const where = route();
  const ctx = context();
  if (where.view === "session") await showSession(ctx, where.number);
  else await showSessions(ctx);
  if (fresh && ctx.isCurrent()) {
    const heading = main.querySelector("h1");
    if (heading) {
      focusOn(heading);
      announce(heading.textContent);
    }
  }
}

logoutButton.addEventListener("click", async () => {
  const token = tokenStore.get();
  tokenStore.clear();
  if (token) {
    try {
      await post(`${API}/admin/logout`, undefined, token);
    } catch {
      // the token is forgotten here anyway; it expires on the server by itself
    }
  }
  toLogin("Vous êtes déconnecté.", true);
});

render({ fresh: false });

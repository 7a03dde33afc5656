// The administrator's login: the password gives a token for this tab only.

import { post } from "../shared/api.js";
import { API } from "../shared/constants.js";
import { focusOn } from "../shared/dom.js";
import { clearErrors, el, errorBox, field, setText, showError } from "./ui.js";

/** Show the login form in main; onLoggedIn(token) once the password is accepted. */
export function showLogin(main, { message = "", calm = false, onLoggedIn }) {
  document.title = "Connexion — administration du serveur de salle";
  const error = errorBox();
  const password = field("Mot de passe administrateur", "input",
    { type: "password", autocomplete: "current-password", size: 24, maxlength: 200 });
  const firstRun = el("p", { class: "hint" }, "Premier démarrage du serveur\u00a0? ",
    el("a", { href: "/admin/premier-demarrage" }, "Définir le mot de passe administrateur"), ".");
  const submit = el("button", { type: "submit", class: "primary", text: "Se connecter" });
  const form = el("form", { class: "card narrow", novalidate: true },
    el("h1", { text: "Connexion de l'administrateur" }),
    el("p", {}, "Les pages d'administration servent à préparer les sessions, imprimer les documents "
      + "et finaliser les sessions. Fermer l'onglet vous déconnecte."),
    error, password.element, el("div", { class: "actions" }, submit), firstRun);
  main.replaceChildren(form);
  if (message && calm) {
    form.insertBefore(el("p", { class: "message ok", role: "status", text: message }), error);
    password.input.focus();
  } else if (message) {
    setText(error, message);
    focusOn(error);
  } else {
    password.input.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-disabled") === "true") return;
    clearErrors(form, error);
    if (!password.input.value) {
      showError(error, "Écrivez le mot de passe administrateur.", password.input);
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    try {
      const result = await post(`${API}/admin/login`, { password: password.input.value });
      onLoggedIn(result.token);
    } catch (e) {
      submit.removeAttribute("aria-disabled");
      password.input.value = "";
      showError(error, e.message, e.status === 401 ? password.input : null);
    }
  });
}

// The invigilator's login form: session number, invigilator password, optional name (shown
// to the other invigilators of the session).

import * as api from "../shared/api.js";
import { API } from "../shared/constants.js";
import { focusOn, h, uid } from "../shared/dom.js";

/** Show the form in main; onLoggedIn({token, sessionNumber, invigilatorId, name}) on success. */
export function showLogin(main, { message = "", sessionNumber = "", name = "", banner, onLoggedIn }) {
  const numberId = uid("number");
  const passwordId = uid("password");
  const nameId = uid("name");
  const passwordHint = uid("hint");
  const nameHint = uid("hint");
  const number = h("input", { id: numberId, type: "text", inputmode: "numeric", autocomplete: "off", size: 8,
    maxlength: 6, value: sessionNumber || null });
  const password = h("input", { id: passwordId, type: "password", autocomplete: "off", size: 12, maxlength: 20,
    "aria-describedby": passwordHint });
  const nameInput = h("input", { id: nameId, type: "text", autocomplete: "name", size: 24, maxlength: 60,
    "aria-describedby": nameHint, value: name || null });
  const error = h("div", { class: "message error", role: "alert", tabindex: "-1" });
  const submit = h("button", { type: "submit", class: "primary", text: "Se connecter" });
  const form = h("form", { class: "card login", novalidate: true },
    h("h1", { text: "Connexion du surveillant" }), error,
    h("div", { class: "field" }, h("label", { for: numberId, text: "Numéro de session" }), number),
    h("div", { class: "field" }, h("label", { for: passwordId, text: "Mot de passe surveillant" }),
      h("p", { class: "hint", id: passwordHint, text: "Sur la page de la session, sous la forme C-XXXXXX." }), password),
    h("div", { class: "field" }, h("label", { for: nameId, text: "Votre nom (facultatif)" }),
      h("p", { class: "hint", id: nameHint, text: "Montré aux autres surveillants de la session, par exemple «\u00a0Mme Martin\u00a0»." }),
      nameInput),
    h("div", { class: "actions" }, submit));
  main.replaceChildren(form);
  error.textContent = message;
  if (message) focusOn(error);
  else (number.value ? password : number).focus();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-disabled") === "true") return;
    error.textContent = "";
    const typedNumber = number.value.trim();
    if (!/^\d{1,6}$/.test(typedNumber)) {
      error.textContent = "Le numéro de session est un nombre (il figure sur la page de la session).";
      number.focus();
      return;
    }
    if (!password.value.trim()) {
      error.textContent = "Écrivez le mot de passe surveillant.";
      password.focus();
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    const typedName = nameInput.value.trim();
    try {
      const body = { session_number: Number(typedNumber), password: password.value.trim() };
      if (typedName) body.name = typedName;
      const result = await api.withRetry(() => api.post(`${API}/invigilator/login`, body),
        { onRetry: (e) => banner.lost(e), maxMs: 5000 });
      banner.restored();
      onLoggedIn({ token: result.token, sessionNumber: typedNumber, invigilatorId: result.invigilator_id, name: typedName });
    } catch (e) {
      submit.removeAttribute("aria-disabled");
      error.textContent = e.message;
      focusOn(error);
    }
  });
}

// The first-run page (/admin/premier-demarrage): the first administrator password, set only
// while none exists and only from the room server itself; everywhere else, a calm explanation.

import { get, post } from "../shared/api.js";
import { API } from "../shared/constants.js";
import { focusOn } from "../shared/dom.js";
import { tokenStore } from "./client.js";
import { clearErrors, el, errorBox, field, showError } from "./ui.js";

const MIN_LENGTH = 10;
const main = document.getElementById("main");

function explain(title, ...paragraphs) {
  main.replaceChildren(el("section", { class: "card narrow" }, el("h1", { text: title }),
    paragraphs.map((p) => (typeof p === "string" ? el("p", {}, p) : p))));
  focusOn(main.querySelector("h1"));
}

const command = () => el("p", {}, "Dans un terminal du serveur\u00a0: ",
  el("code", {}, "roomserver admin set-password"), " (le mot de passe est demandé deux fois).");

function showForm() {
  const error = errorBox();
  const first = field("Nouveau mot de passe administrateur", "input",
    { type: "password", autocomplete: "new-password", size: 24, maxlength: 200 },
    { hint: `Au moins ${MIN_LENGTH} caractères. Une phrase de quelques mots se retient bien.` });
  const second = field("Le même mot de passe, encore une fois", "input",
    { type: "password", autocomplete: "new-password", size: 24, maxlength: 200 });
  const submit = el("button", { type: "submit", class: "primary", text: "Enregistrer le mot de passe" });
  const form = el("form", { class: "card narrow", novalidate: true },
    el("h1", { text: "Premier démarrage" }),
    el("p", {}, "Aucun mot de passe administrateur n'est encore défini sur ce serveur de salle. "
      + "Choisissez-le maintenant\u00a0: il protège la préparation des sessions, les documents et les résultats."),
    error, first.element, second.element, el("div", { class: "actions" }, submit));
  main.replaceChildren(form);
  first.input.focus();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-disabled") === "true") return;
    clearErrors(form, error);
    const password = first.input.value;
    if (password.length < MIN_LENGTH) {
      showError(error, `Le mot de passe doit compter au moins ${MIN_LENGTH} caractères (${password.length} saisis).`,
        first.input);
      return;
    }
    if (second.input.value !== password) {
      showError(error, "Les deux saisies diffèrent\u00a0: écrivez le même mot de passe deux fois.", second.input);
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    try {
      const result = await post(`${API}/admin/first-run`, { password });
      tokenStore.set(result.token);
      window.location.assign("/admin");
    } catch (e) {
      submit.removeAttribute("aria-disabled");
      showError(error, e.message);
    }
  });
}

async function start() {
  let state;
  try {
    state = await get(`${API}/admin/first-run`);
  } catch (e) {
    explain("Premier démarrage", e.message, "Rechargez la page dans un moment.");
    return;
  }
  if (state.password_set) {
    explain("Le mot de passe administrateur est déjà défini",
      "Ce serveur de salle a déjà un mot de passe administrateur\u00a0: cette page ne sert plus.",
      el("p", {}, el("a", { href: "/admin" }, "Aller à la connexion de l'administrateur"), "."),
      "Mot de passe oublié\u00a0? Sur le serveur lui-même, définissez-en un nouveau\u00a0:", command());
    return;
  }
  if (!state.from_this_machine) {
    explain("Premier démarrage\u00a0: depuis le serveur seulement",
      "Aucun mot de passe administrateur n'est encore défini. Pour des raisons de sécurité, le premier "
      + "mot de passe ne peut être choisi que sur le serveur de salle lui-même.",
      "Deux façons de faire\u00a0:",
      el("ul", {}, el("li", {}, "ouvrir cette page dans un navigateur du serveur, à l'adresse ",
        el("code", {}, "http://127.0.0.1/admin/premier-demarrage"), " (avec le port du serveur s'il en a un) ;"),
      el("li", {}, "ou lancer ", el("code", {}, "roomserver admin set-password"), " dans un terminal du serveur.")));
    return;
  }
  showForm();
}

start();

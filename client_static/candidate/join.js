// The join form: session number, first name, last name, birthdate (day / month / year).
// Checked here first, with French messages next to each field, then by the server.

import * as api from "../shared/api.js";
import { API } from "../shared/constants.js";
import { focusOn, h, uid } from "../shared/dom.js";
import { entryClosedScreen, isEntryClosed } from "./lobby.js";

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
  "novembre", "décembre"];
const digits = (text) => /^\d+$/.test(text);
const hasLetterOrDigit = (text) => /[\p{L}\p{N}]/u.test(text);

/** Check the typed values; returns {errors: [{input, message}], body}. Pure apart from reading inputs. */
export function checkJoin(values, today = new Date()) {
  const errors = [];
  const session = values.session.replace(/\s/g, "");
  if (!session) errors.push({ key: "session", message: "Écrivez le numéro de session (il est écrit au tableau)." });
  else if (!digits(session) || session.length > 6) errors.push({ key: "session", message: "Le numéro de session ne contient que des chiffres." });
  const first = values.first.trim();
  if (!first) errors.push({ key: "first", message: "Écrivez votre prénom." });
  else if (!hasLetterOrDigit(first)) errors.push({ key: "first", message: "Le prénom doit contenir au moins une lettre." });
  const last = values.last.trim();
  if (!last) errors.push({ key: "last", message: "Écrivez votre nom de famille." });
  else if (!hasLetterOrDigit(last)) errors.push({ key: "last", message: "Le nom doit contenir au moins une lettre." });

  const day = values.day.trim();
  const month = values.month.trim();
  const year = values.year.trim();
  const thisYear = today.getFullYear();
  const dateErrors = [];
  if (!day && !month && !year) {
    dateErrors.push({ key: "day", message: "Écrivez votre date de naissance\u00a0: le jour, le mois et l'année." });
  } else {
    if (!digits(day) || +day < 1 || +day > 31) {
      dateErrors.push({ key: "day", message: "Le jour de naissance est un nombre de 1 à 31." });
    }
    if (!digits(month) || +month < 1 || +month > 12) {
      dateErrors.push({ key: "month", message: "Le mois de naissance est un nombre de 1 à 12 (mars = 3)." });
    }
    if (!digits(year) || year.length !== 4 || +year < 1900 || +year > thisYear) {
      dateErrors.push({ key: "year", message: "L'année de naissance s'écrit avec 4 chiffres, par exemple 2011." });
    }
  }
  if (!dateErrors.length) {
    const date = new Date(Date.UTC(+year, +month - 1, +day));
    if (date.getUTCDate() !== +day || date.getUTCMonth() !== +month - 1) {
      dateErrors.push({ key: "day",
        message: `Cette date n'existe pas (il n'y a pas de ${+day} ${MONTHS[+month - 1]})\u00a0: vérifiez le jour et le mois.` });
    }
  }
  errors.push(...dateErrors);
  const pad = (text) => text.padStart(2, "0");
  return {
    errors,
    body: errors.length ? null : {
      session_number: Number(session), first_name: first, last_name: last,
      birthdate: `${year}-${pad(month)}-${pad(day)}`,
    },
  };
}

/** ctx: {main, banner, joined(sessionNumber, token, candidateId)}; options: {message, sessionNumber}. */
export function joinScreen(ctx, { message = "", sessionNumber = "" } = {}) {
  const fields = {};
  const errorsOf = {};
  const textField = (key, labelText, hintText, attrs = {}) => {
    const id = uid(key);
    const hintId = hintText ? uid("hint") : null;
    const errorId = uid("error");
    fields[key] = h("input", { id, name: key, type: "text", autocomplete: "off", spellcheck: "false",
      "aria-describedby": hintId, ...attrs });
    errorsOf[key] = h("p", { class: "field-error", id: errorId, hidden: true });
    return h("div", { class: "field" },
      h("label", { for: id, text: labelText }),
      hintText ? h("p", { class: "hint", id: hintId, text: hintText }) : null,
      errorsOf[key], fields[key]);
  };
  const datePart = (key, labelText, size) => {
    const id = uid(key);
    fields[key] = h("input", { id, name: key, type: "text", inputmode: "numeric", pattern: "[0-9]*",
      autocomplete: "off", maxlength: size, size, class: `date-${key}` });
    return h("div", { class: "date-part" }, h("label", { for: id, text: labelText }), fields[key]);
  };

  const dateHintId = uid("hint");
  const dateErrorId = uid("error");
  const dateError = h("p", { class: "field-error", id: dateErrorId, hidden: true });
  const summary = h("div", { class: "message error summary", tabindex: "-1", hidden: true });
  const submit = h("button", { type: "submit", class: "primary", text: "Rejoindre la session" });
  const form = h("form", { class: "join", novalidate: true, onsubmit: onSubmit },
    summary,
    textField("session", "Numéro de session", "Il est écrit au tableau.",
      { inputmode: "numeric", pattern: "[0-9]*", maxlength: 6, size: 8, value: sessionNumber || null }),
    textField("first", "Prénom", null, { maxlength: 100 }),
    textField("last", "Nom de famille", "Votre nom de naissance, comme sur la convocation.", { maxlength: 100 }),
    h("fieldset", { class: "field date", "aria-describedby": `${dateHintId} ${dateErrorId}` },
      h("legend", { text: "Date de naissance" }),
      h("p", { class: "hint", id: dateHintId, text: "Par exemple\u00a0: 14 3 2011 pour le 14 mars 2011." }),
      dateError,
      h("div", { class: "date-parts" }, datePart("day", "Jour", 2), datePart("month", "Mois", 2), datePart("year", "Année", 4))),
    h("div", { class: "actions" }, submit));

  const heading = h("h1", { text: "Bienvenue" });
  ctx.main.replaceChildren(h("section", { class: "card join-card" },
    heading,
    h("p", { text: "Pour commencer, écrivez le numéro de la session puis votre identité, exactement comme sur votre convocation." }),
    form));
  if (message) showSummary([{ message }]);
  else (sessionNumber ? fields.first : fields.session).focus();

  function showSummary(items) {
    summary.hidden = false;
    summary.replaceChildren(
      h("h2", { text: items.length > 1 || items[0].key ? "Vérifiez ces informations" : "Impossible de rejoindre la session" }),
      items.length === 1 && !items[0].key
        ? h("p", { text: items[0].message })
        : h("ul", {}, items.map((item) => h("li", {}, item.key
          ? h("a", { href: `#${fields[item.key].id}`, text: item.message,
            onclick: (event) => { event.preventDefault(); fields[item.key].focus(); } })
          : item.message))));
    focusOn(summary);
  }

  function clearErrors() {
    summary.hidden = true;
    for (const key of Object.keys(fields)) fields[key].removeAttribute("aria-invalid");
    for (const p of [...Object.values(errorsOf), dateError]) {
      p.hidden = true;
      p.textContent = "";
    }
  }

  function showErrors(errors) {
    for (const error of errors) {
      fields[error.key].setAttribute("aria-invalid", "true");
      const target = ["day", "month", "year"].includes(error.key) ? dateError : errorsOf[error.key];
      target.hidden = false;
      target.textContent = target.textContent ? `${target.textContent} ${error.message}` : error.message;
      if (target !== dateError) {
        const hint = fields[error.key].getAttribute("aria-describedby");
        const ids = new Set(`${hint || ""} ${target.id}`.trim().split(/\s+/));
        fields[error.key].setAttribute("aria-describedby", [...ids].join(" "));
      }
    }
    showSummary(errors);
  }

  let sending = false;
  async function onSubmit(event) {
    event.preventDefault();
    if (sending) return;
    clearErrors();
    const values = Object.fromEntries(Object.entries(fields).map(([key, input]) => [key, input.value]));
    const { errors, body } = checkJoin(values);
    if (errors.length) {
      showErrors(errors);
      return;
    }
    sending = true;
    submit.setAttribute("aria-disabled", "true");
    submit.textContent = "Connexion…";
    // One id for this form's sending: a retry after a lost reply is this page again, not a second PC.
    const sent = { ...body, join_id: api.newId() };
    try {
      const result = await api.withRetry(() => api.post(`${API}/candidate/join`, sent),
        { onRetry: (error) => ctx.banner.lost(error) });
      ctx.banner.restored();
      ctx.joined(body.session_number, result.token, result.candidate_id);
    } catch (error) {
      sending = false;
      submit.removeAttribute("aria-disabled");
      submit.textContent = "Rejoindre la session";
      if (isEntryClosed(error)) {
        entryClosedScreen(ctx, null, error.message);
        return;
      }
      showSummary([{ message: error.message }]);
    }
  }

  return { heading };
}

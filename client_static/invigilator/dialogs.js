// The dashboard's dialogs: the shared form dialog (shared/dialogs.js: the server's French message
// when an action is refused, Escape and "Annuler", focus back to the opener or to the same button
// of the redrawn row), a dialog of buttons for a candidate's actions, and the fields they hold.

import { closeAllDialogs, formDialog, restoreFocus } from "../shared/dialogs.js";
import { h, uid } from "../shared/dom.js";

export { closeAllDialogs, formDialog };

/** A value the page refuses before sending: shown in the dialog, focus on the field. */
export class FormError extends Error {
  constructor(message, field = null) {
    super(message);
    this.field = field;
  }
}

/** A dialog of buttons (a candidate's actions): resolves with the chosen key, or null. */
export function choiceDialog({ title, intro = [], choices, opener = document.activeElement }) {
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    let chosen = null;
    const buttons = choices.map((choice) => h("li", {}, h("button", {
      type: "button", class: choice.danger ? "danger wide" : choice.primary ? "primary wide" : "wide",
      onclick: () => { chosen = choice.key; dialog.close(); },
    }, choice.label)));
    const close = h("button", { type: "button", class: "cancel", text: "Fermer", onclick: () => dialog.close() });
    const dialog = h("dialog", { "aria-labelledby": titleId, class: "choices-dialog" },
      h("h2", { id: titleId, text: title }), intro,
      choices.length ? h("ul", { class: "choice-list" }, buttons)
        : h("p", { text: "Aucune action n'est possible pour ce candidat en ce moment." }),
      h("div", { class: "dialog-actions" }, close));
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (chosen === null) restoreFocus(opener);
      resolve(chosen);
    }, { once: true });
    dialog.showModal();
    (dialog.querySelector(".choice-list button") || close).focus();
  });
}

// -- fields ------------------------------------------------------------------------------------

/** A labelled field; returns {element, input}. kind: input | select | textarea. */
export function field(labelText, kind, attrs = {}, { hint = "", options = [], counter = 0 } = {}) {
  const id = uid("field");
  const hintId = hint ? uid("hint") : null;
  const counterId = counter ? uid("counter") : null;
  const describedBy = [hintId, counterId].filter(Boolean).join(" ") || null;
  let input;
  if (kind === "select") {
    input = h("select", { id, "aria-describedby": describedBy, ...attrs }, options.map((option) => option.group
      ? h("optgroup", { label: option.group }, option.options.map((o) => h("option", { value: o.value, text: o.label })))
      : h("option", { value: option.value, text: option.label })));
  } else {
    input = h(kind, { id, "aria-describedby": describedBy, ...attrs });
  }
  let count = null;
  if (counter) {
    count = h("p", { class: "hint counter", id: counterId });
    const update = () => {
      const n = input.value.length;
      count.textContent = `${n} / ${counter} caractères`;
      count.dataset.state = n > counter ? "over" : n > counter - 50 ? "near" : "";
    };
    input.addEventListener("input", update);
    update();
  }
  const element = h("div", { class: "field" }, h("label", { for: id, text: labelText }),
    hint ? h("p", { class: "hint", id: hintId, text: hint }) : null, input, count);
  return { element, input };
}

/** A whole number of minutes from an input, or a FormError. */
export function minutesFrom(input, max) {
  const text = input.value.trim();
  if (!/^\d+$/.test(text) || +text < 1 || +text > max) {
    throw new FormError(`Indiquez un nombre entier de minutes entre 1 et ${max}.`, input);
  }
  return Number(text);
}

/** Trimmed text, required, at most max characters; or a FormError naming the field. */
export function textFrom(input, what, max, { required = true } = {}) {
  const text = input.value.trim();
  if (required && !text) throw new FormError(`${what}\u00a0: ce champ est obligatoire.`, input);
  if (text.length > max) throw new FormError(`${what}\u00a0: ${max} caractères au plus (${text.length} saisis).`, input);
  return text;
}

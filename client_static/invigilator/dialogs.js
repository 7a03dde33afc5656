// Modal dialogs built on <dialog>: a form whose submit runs the action and stays open with
// the server's French message when it is refused; Escape and "Annuler" close it; focus goes
// back to the button that opened it (or to the same button of the redrawn row).

import { focusOn, h, uid } from "../shared/dom.js";

/** A value the page refuses before sending: shown in the dialog, focus on the field. */
export class FormError extends Error {
  constructor(message, field = null) {
    super(message);
    this.field = field;
  }
}

/** Put focus back on `opener`, or on the element that now has its data-focus-key, or on
 * fallback() (a function: the page may have been redrawn meanwhile). */
export function restoreFocus(opener, fallback = null) {
  if (opener && opener.isConnected && typeof opener.focus === "function" && !opener.closest("dialog:not([open])")) {
    opener.focus();
    return;
  }
  const key = opener && opener.dataset ? opener.dataset.focusKey : null;
  const again = key ? document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`) : null;
  const row = key ? document.querySelector(`[data-focus-key="${CSS.escape(key.split(":")[0])}:menu"]`) : null;
  const target = again || row || (fallback && fallback()) || document.querySelector("main h1");
  if (target) focusOn(target);
}

export function closeAllDialogs() {
  document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
}

/**
 * Open a modal form. body: nodes; onSubmit(): async, returns the result (undefined -> true),
 * throws FormError or an ApiError (its French message is shown). Resolves with the result,
 * or null when cancelled.
 */
export function formDialog({ title, body = [], submitLabel, danger = false, cancelLabel = "Annuler",
  initialFocus = null, opener = document.activeElement, fallback = null, onSubmit, className = "" }) {
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    const error = h("div", { class: "message error", role: "alert", tabindex: "-1" });
    const submit = h("button", { type: "submit", class: danger ? "danger" : "primary", text: submitLabel });
    const cancel = h("button", { type: "button", class: "cancel", text: cancelLabel, onclick: () => dialog.close() });
    const form = h("form", { novalidate: true }, h("h2", { id: titleId, text: title }), body, error,
      h("div", { class: "dialog-actions" }, cancel, submit));
    const dialog = h("dialog", { "aria-labelledby": titleId, class: className || null }, form);
    document.body.append(dialog);
    let busy = false;
    let result = null;

    dialog.addEventListener("cancel", (event) => { if (busy) event.preventDefault(); }); // Escape
    dialog.addEventListener("close", () => {
      dialog.remove();
      restoreFocus(opener, fallback);
      resolve(result);
    }, { once: true });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      error.textContent = "";
      form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
      busy = true;
      submit.disabled = true;
      cancel.disabled = true;
      form.setAttribute("aria-busy", "true");
      try {
        const value = await onSubmit();
        result = value === undefined ? true : value;
        busy = false;
        dialog.close();
      } catch (e) {
        busy = false;
        if (!dialog.open) return; // closed meanwhile (logged out)
        error.textContent = e.message;
        if (e instanceof FormError && e.field) {
          e.field.setAttribute("aria-invalid", "true");
          e.field.focus();
        } else {
          focusOn(error);
        }
      } finally {
        submit.disabled = false;
        cancel.disabled = false;
        form.removeAttribute("aria-busy");
      }
    });
    dialog.showModal();
    const first = initialFocus || form.querySelector("input, select, textarea") || cancel;
    first.focus();
  });
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

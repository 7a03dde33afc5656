// Modal dialogs on <dialog>: a form whose submit runs the action and stays open with the
// French refusal when there is one; Escape and "Annuler" close it; focus goes back to the
// button that opened it (or to the element with the same data-focus-key after a redraw).

import { focusOn, uid } from "../shared/dom.js";
import { clearErrors, el, errorBox, FormError, setText } from "./ui.js";

function giveFocusBack(opener) {
  if (opener && opener.isConnected && typeof opener.focus === "function") {
    opener.focus();
    return;
  }
  const key = opener && opener.dataset ? opener.dataset.focusKey : null;
  const again = key ? document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`) : null;
  focusOn(again || document.querySelector("main h1"));
}

export function closeAllDialogs() {
  document.querySelectorAll("dialog[open]").forEach((dialog) => dialog.close());
}

/**
 * Open a modal form. body: nodes. onSubmit(): async; throws FormError (its field gets focus)
 * or an ApiError (its message is shown). Resolves with onSubmit's result (true when undefined),
 * or null when cancelled.
 */
export function formDialog({ title, body = [], submitLabel, danger = false, cancelLabel = "Annuler",
  initialFocus = null, opener = document.activeElement, onSubmit, wide = false }) {
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    const error = errorBox();
    const submit = el("button", { type: "submit", class: danger ? "danger" : "primary", text: submitLabel });
    const cancel = el("button", { type: "button", class: "cancel", text: cancelLabel, onclick: () => dialog.close() });
    const form = el("form", { novalidate: true }, el("h2", { id: titleId, text: title }), body, error,
      el("div", { class: "dialog-actions" }, cancel, submit));
    const dialog = el("dialog", { "aria-labelledby": titleId, class: wide ? "wide-dialog" : null }, form);
    document.body.append(dialog);
    let busy = false;
    let result = null;

    dialog.addEventListener("cancel", (event) => { if (busy) event.preventDefault(); });
    dialog.addEventListener("close", () => {
      dialog.remove();
      giveFocusBack(opener);
      resolve(result);
    }, { once: true });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      clearErrors(form, error);
      busy = true;
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      try {
        const value = await onSubmit();
        result = value === undefined ? true : value;
        busy = false;
        dialog.close();
      } catch (e) {
        busy = false;
        if (!dialog.open) return; // closed meanwhile (logged out)
        setText(error, e.message);
        if (e instanceof FormError && e.input) {
          e.input.setAttribute("aria-invalid", "true");
          e.input.focus();
        } else {
          focusOn(error);
        }
      } finally {
        submit.disabled = false;
        form.removeAttribute("aria-busy");
      }
    });
    dialog.showModal();
    (initialFocus || form.querySelector("input, select, textarea") || cancel).focus();
  });
}

/** A yes / no question: resolves true when confirmed. The safe answer has focus first. */
export async function confirmDialog({ title, paragraphs = [], confirmLabel, danger = true, opener, onConfirm }) {
  const result = await formDialog({
    title, submitLabel: confirmLabel, danger, opener,
    body: paragraphs.map((text) => (typeof text === "string" ? el("p", {}, text) : text)),
    initialFocus: null,
    onSubmit: onConfirm || (async () => true),
  });
  return result !== null;
}

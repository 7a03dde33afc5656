// Modal dialogs on <dialog>, for the administrator's pages and the invigilator's dashboard: a
// form whose submit runs the action and stays open with the French refusal when there is one;
// Escape and "Annuler" close it (not while the action runs); focus goes back to the button that
// opened it, or to the element with the same data-focus-key after a redraw.

import { focusOn, h, uid } from "./dom.js";

/** Put focus back on `opener`, or on the element that now has its data-focus-key, or on the
 * same row's menu button, or on fallback() (a function: the page may have been redrawn), or on
 * the page's heading. */
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
 * Open a modal form. body: nodes; onSubmit(): async, returns the result (undefined -> true), or
 * throws: a refusal made by the page names its field (`field`, or `input` on the admin pages),
 * which gets focus; any other error (an ApiError) has its French message shown and focused.
 * words(text): how the page writes a text it shows (the admin pages' typo()). Resolves with the
 * result, or null when cancelled.
 */
export function formDialog({ title, body = [], submitLabel, danger = false, cancelLabel = "Annuler",
  initialFocus = null, opener = document.activeElement, fallback = null, onSubmit, className = "",
  words = (text) => text }) {
  return new Promise((resolve) => {
    const titleId = uid("dialog-title");
    const error = h("div", { class: "message error", role: "alert", tabindex: "-1" });
    const submit = h("button", { type: "submit", class: danger ? "danger" : "primary", text: words(submitLabel) });
    const cancel = h("button", { type: "button", class: "cancel", text: words(cancelLabel), onclick: () => dialog.close() });
    const form = h("form", { novalidate: true }, h("h2", { id: titleId, text: words(title) }), body, error,
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
        error.textContent = e && e.message ? words(e.message) : "";
        const field = e && (e.field || e.input);
        if (field && typeof field.focus === "function") {
          field.setAttribute("aria-invalid", "true");
          field.focus();
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

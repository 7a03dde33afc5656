// The admin pages' dialogs: the shared ones (shared/dialogs.js) with the admin pages' French
// typography applied to every text they show, and a yes / no question.

import { closeAllDialogs, formDialog as sharedFormDialog } from "../shared/dialogs.js";
import { el } from "./ui.js";
import { typo } from "./words.js";

export { closeAllDialogs };

/**
 * Open a modal form (shared/dialogs.js: formDialog). wide: a wider dialog for long forms.
 * onSubmit() throws a FormError (ui.js: its field gets focus) or an ApiError (its message is shown).
 */
export function formDialog({ wide = false, ...options }) {
  return sharedFormDialog({ ...options, className: wide ? "wide-dialog" : "", words: typo });
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

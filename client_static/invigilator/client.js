// The dashboard's HTTP actions (under /api/v1/invigilator): a few tries through a blip, the
// answer applied at once (the same change also comes through the live channel, for every
// dashboard), a 401 sends back to the login, and the server's French message otherwise.

import * as api from "../shared/api.js";
import { API } from "../shared/constants.js";
import { h } from "../shared/dom.js";

const TRIES = 4;
const GAVE_UP = "Connexion au serveur de salle perdue\u00a0: l'action n'a peut-être pas été faite. "
  + "Réessayez dans un instant (une action déjà reçue n'est jamais enregistrée deux fois).";

/** call(method, path, body) -> the server's answer; rejects with an ApiError (French message). */
export function makeClient({ token, store, onUnauthorised }) {
  return async function call(method, path, body) {
    let lastError = null;
    for (let attempt = 0; attempt < TRIES; attempt += 1) {
      if (attempt) await api.pause(api.backoff(attempt - 1, 800, 4000));
      try {
        const result = await api.request(method, `${API}/invigilator${path}`, { body, token, timeoutMs: 10000 });
        if (result && result.candidate) store.applyRow(result.candidate);
        if (result && result.session) store.applySummary(result.session);
        return result;
      } catch (error) {
        if (error.status === 401) {
          onUnauthorised(error.message);
          throw error;
        }
        if (!error.retryable) throw error;
        lastError = error;
      }
    }
    throw new api.ApiError(lastError ? lastError.status : 0, lastError ? lastError.code : "network", GAVE_UP);
  };
}

/** Messages about actions done from a row or a list: a fixed box at the bottom of the screen,
 * so that it is seen wherever the invigilator is looking, and read out (role="alert"). */
export class Toast {
  constructor() {
    this.text = h("p", { class: "toast-text" });
    this.undo = h("button", { type: "button", class: "small primary", hidden: true, onclick: () => this.runUndo() });
    this.close = h("button", { type: "button", class: "small", text: "Fermer le message", onclick: () => this.hide() });
    this.element = h("div", { class: "toast", role: "alert", hidden: true }, this.text, this.undo, this.close);
    this.timer = null;
    this.undoAction = null;
  }

  /** action: {label, run(), forMs} offers to undo what was just done (the button stays forMs). */
  show(message, kind = "error", action = null) {
    clearTimeout(this.timer);
    this.element.dataset.kind = kind;
    this.text.textContent = (kind === "error" ? "Action refusée\u00a0: " : "") + message;
    this.undoAction = action;
    this.undo.hidden = !action;
    this.undo.textContent = action ? action.label : "";
    this.undo.removeAttribute("aria-disabled");
    this.element.hidden = false;
    if (kind !== "error") this.timer = setTimeout(() => this.hide(), action ? action.forMs : 6000);
  }

  async runUndo() {
    const action = this.undoAction;
    if (!action || this.undo.getAttribute("aria-disabled") === "true") return;
    this.undo.setAttribute("aria-disabled", "true");
    try {
      await action.run();
      this.show(action.done || "Annulé.", "ok");
    } catch (error) {
      this.show(error.message || String(error), "error");
    }
  }

  hide() {
    clearTimeout(this.timer);
    this.element.hidden = true;
    this.text.textContent = "";
    this.undoAction = null;
    this.undo.hidden = true;
  }
}

/** Run action() for a button: disabled (and busy) while in flight; errors go to the toast.
 * aria-disabled rather than disabled, so that keyboard focus stays on the button. */
export async function busy(button, toast, action) {
  if (button.getAttribute("aria-disabled") === "true") return null;
  button.setAttribute("aria-disabled", "true");
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } catch (error) {
    if (error.status !== 401) toast.show(error.message);
    return null;
  } finally {
    button.removeAttribute("aria-disabled");
    button.removeAttribute("aria-busy");
  }
}

// The admin pages' DOM helpers: the shared h() with French typography applied to every text
// (ours and the server's), labelled fields, a calm toast, and focus kept across redraws.

import { focusOn, h, uid } from "../shared/dom.js";
import { typo } from "./words.js";

const TEXT_PROPS = ["text", "aria-label", "title", "placeholder"];

/** h() whose string children and text-like props get French spacing. */
export function el(tag, props, ...children) {
  const fixed = { ...(props || {}) };
  for (const key of TEXT_PROPS) if (typeof fixed[key] === "string") fixed[key] = typo(fixed[key]);
  return h(tag, fixed, ...children.flat(Infinity).map((c) => (typeof c === "string" ? typo(c) : c)));
}

/** Set an element's text (with French spacing). */
export function setText(element, text) {
  element.textContent = text ? typo(text) : "";
  return element;
}

/** Text only screen readers hear (to make "Modifier" say whose line it is). */
export const hidden = (text) => el("span", { class: "visually-hidden" }, text);

/**
 * A labelled field: {element, input}. kind: input | select | textarea.
 * options for a select: [{value, label}]. counter: a live "n / max caractères" line.
 */
export function field(labelText, kind, attrs = {}, { hint = "", options = [], counter = 0, className = "" } = {}) {
  const id = attrs.id || uid("field");
  const hintId = hint ? uid("hint") : null;
  const counterId = counter ? uid("counter") : null;
  const describedBy = [hintId, counterId].filter(Boolean).join(" ") || null;
  const input = kind === "select"
    ? el("select", { id, "aria-describedby": describedBy, ...attrs },
      options.map((o) => el("option", { value: o.value, text: o.label, selected: o.selected || null })))
    : el(kind, { id, "aria-describedby": describedBy, ...attrs });
  let counterLine = null;
  if (counter) {
    counterLine = el("p", { class: "hint counter", id: counterId, "aria-live": "polite" });
    const update = () => {
      const n = input.value.length;
      const left = counter - n;
      setText(counterLine, left >= 0
        ? `${n} / ${counter} caractères (encore ${left})`
        : `${n} / ${counter} caractères\u00a0: ${-left} de trop`);
      counterLine.dataset.state = left < 0 ? "over" : left <= 50 ? "near" : "";
    };
    input.addEventListener("input", update);
    input.updateCounter = update;
    update();
  }
  const element = el("div", { class: `field ${className}`.trim() }, el("label", { for: id, text: labelText }),
    hint ? el("p", { class: "hint", id: hintId, text: hint }) : null, input, counterLine);
  return { element, input };
}

/** A radio or checkbox with its label, side by side. */
export function check(type, name, value, labelText, { checked = false, attrs = {} } = {}) {
  const id = uid(type);
  const input = el("input", { type, id, name, value, checked: checked || null, ...attrs });
  return { element: el("div", { class: "check" }, input, el("label", { for: id }, labelText)), input };
}

/** An error box that takes focus: where refusals of a form are shown. */
export function errorBox() {
  return el("div", { class: "message error", role: "alert", tabindex: "-1" });
}

/** Show a refusal in an error box and move focus there (or to the field named). */
export function showError(box, message, fieldInput = null) {
  setText(box, message);
  if (fieldInput) {
    fieldInput.setAttribute("aria-invalid", "true");
    fieldInput.focus();
  } else {
    focusOn(box);
  }
}

export function clearErrors(form, box) {
  setText(box, "");
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

/** A refusal made by the page before sending (the field gets focus). */
export class FormError extends Error {
  constructor(message, input = null) {
    super(message);
    this.input = input;
  }
}

/** Run action() with the button busy; resolves with its result. */
export async function busy(button, action) {
  button.setAttribute("aria-disabled", "true");
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.removeAttribute("aria-disabled");
    button.removeAttribute("aria-busy");
  }
}

/** The calm message at the bottom of the screen after an action (a status, not an alarm). */
export class Toast {
  constructor() {
    this.text = el("p", { class: "toast-text" });
    this.close = el("button", { type: "button", class: "link", text: "Fermer ce message", onclick: () => this.hide() });
    this.element = el("div", { class: "toast", role: "status", "aria-live": "polite" }, this.text, this.close);
    this.element.hidden = true;
    this.timer = null;
    document.body.append(this.element);
  }

  show(message, kind = "ok") {
    clearTimeout(this.timer);
    setText(this.text, message);
    this.element.dataset.kind = kind;
    this.element.hidden = false;
    this.timer = setTimeout(() => this.hide(), kind === "ok" ? 8000 : 20000);
  }

  hide() {
    clearTimeout(this.timer);
    this.element.hidden = true;
  }
}

/** Remember which keyed element has focus, and give it back after a redraw. */
export function keepFocus(redraw) {
  const active = document.activeElement;
  const key = active && active.closest && active.closest("[data-focus-key]")
    ? active.closest("[data-focus-key]").dataset.focusKey : null;
  redraw();
  if (!key) return false;
  const again = document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  if (again) focusOn(again);
  return Boolean(again);
}

// The answer part of a question: one input set per challenge type, and reading / restoring
// the value in the shape the server expects (QCU: an id; QCM: a list of ids; QROC: a string;
// QROCM: an object field id -> string).

import { CHALLENGE, INPUT } from "../shared/constants.js";
import { h, inlineCode, uid } from "../shared/dom.js";

/** Same rule as roomserver/core/matching.py parse_number: spaces ignored, decimal comma accepted. */
export function looksLikeNumber(text) {
  const cleaned = String(text).replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned);
}

/**
 * Build the inputs of `question`. onChange() is called after every change.
 * Returns {element, value(), complete(), restore(value), firstInput()}.
 */
export function answerInputs(question, onChange) {
  const choices = question.type === CHALLENGE.QCU || question.type === CHALLENGE.QCM;
  return choices ? choiceInputs(question, onChange) : fieldInputs(question, onChange);
}

function choiceInputs(question, onChange) {
  const single = question.type === CHALLENGE.QCU;
  const name = uid("proposal");
  const hintId = uid("hint");
  const inputs = question.proposals.map((proposal) => h("input", {
    type: single ? "radio" : "checkbox", name, value: proposal.id, id: uid("choice"),
  }));
  const element = h("fieldset", { class: "choices", "aria-describedby": hintId },
    h("legend", { text: single ? "Choisissez une réponse" : "Cochez toutes les bonnes réponses" }),
    h("p", { class: "hint", id: hintId, text: single ? "Une seule réponse possible." : "Plusieurs réponses possibles." }),
    question.proposals.map((proposal, i) => h("div", { class: "choice" },
      inputs[i], h("label", { for: inputs[i].id }, inlineCode(proposal.text)))));
  element.addEventListener("change", onChange);

  const checked = () => inputs.filter((input) => input.checked).map((input) => input.value);
  return {
    element,
    value: () => (single ? checked()[0] ?? null : checked()),
    complete: () => checked().length > 0,
    restore(value) {
      const wanted = new Set(Array.isArray(value) ? value : [value]);
      inputs.forEach((input) => { input.checked = wanted.has(input.value); });
    },
    firstInput: () => inputs.find((input) => input.checked) || inputs[0],
  };
}

function fieldInputs(question, onChange) {
  const several = question.fields.length > 1;
  const rows = question.fields.map((field, i) => fieldRow(field, several ? `Réponse ${i + 1}` : "Votre réponse", onChange));
  const element = h("fieldset", { class: "fields" },
    h("legend", { class: "visually-hidden", text: several ? "Vos réponses" : "Votre réponse" }),
    rows.map((row) => row.element));

  const value = () => {
    if (!several) return rows[0].read();
    return Object.fromEntries(question.fields.map((field, i) => [field.id, rows[i].read()]));
  };
  return {
    element,
    value,
    complete: () => rows.every((row) => row.valid()),
    restore(saved) {
      if (saved === null || saved === undefined) return;
      if (!several) rows[0].write(typeof saved === "string" ? saved : "");
      else question.fields.forEach((field, i) => rows[i].write(saved && typeof saved === "object" ? saved[field.id] ?? "" : ""));
    },
    firstInput: () => rows[0].input,
  };
}

function fieldRow(field, fallbackLabel, onChange) {
  const id = uid("field");
  const hintId = uid("hint");
  const errorId = uid("error");
  const label = h("label", { for: id, text: field.label && field.label.trim() ? field.label : fallbackLabel });
  let input;
  let hint = null;
  if (field.input === INPUT.SELECT) {
    input = h("select", { id },
      h("option", { value: "", text: "— Choisissez —" }),
      field.options.map((option) => h("option", { value: option, text: option })));
  } else {
    const number = field.input === INPUT.NUMBER;
    if (number) hint = h("p", { class: "hint", id: hintId, text: "Un nombre (la virgule est acceptée)." });
    input = h("input", {
      id, type: "text", autocomplete: "off", spellcheck: "false", maxlength: 500,
      inputmode: number ? "decimal" : null, "aria-describedby": number ? hintId : null,
      class: number ? "number" : null,
    });
  }
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const isNumber = field.input === INPUT.NUMBER;
  const read = () => input.value;
  const wellFormed = () => !isNumber || !input.value.trim() || looksLikeNumber(input.value);
  const showProblem = () => {
    const bad = !wellFormed();
    error.hidden = !bad;
    error.textContent = bad ? "écrivez seulement un nombre, par exemple 12 ou 3,5." : "";
    input.setAttribute("aria-invalid", bad ? "true" : "false");
    const described = [isNumber ? hintId : null, bad ? errorId : null].filter(Boolean).join(" ");
    if (described) input.setAttribute("aria-describedby", described);
  };
  input.addEventListener(field.input === INPUT.SELECT ? "change" : "input", () => {
    showProblem();
    onChange();
  });
  return {
    element: h("div", { class: "field" }, label, hint, input, error),
    input,
    read,
    valid: () => input.value.trim() !== "" && wellFormed(),
    write(text) {
      input.value = text;
      showProblem();
    },
  };
}

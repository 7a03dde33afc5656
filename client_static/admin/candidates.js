// The candidates of a session: the table (identity, extra time, certifiable or not in words,
// status), and the dialogs to add, edit or remove one before the start, or to correct an
// identity after it (C1: the journal keeps the values before and after).

import { formDialog, confirmDialog } from "./dialogs.js";
import { check, el, field, FormError, hidden } from "./ui.js";
import { certifiableText, count, extraTimeText, isoFromFrench, moment, NBSP, of, shortDate,
  spokenName } from "./words.js";

const LABELS = {
  last_name: "Nom de naissance", first_name: "Prénom", birthdate: "Date de naissance",
  extra_time_pct: "Temps majoré", sex: "Sexe", birth_city: "Commune de naissance",
  birth_postal_code: "Code postal de naissance", birth_insee_code: "Code INSEE de naissance",
  birth_country: "Pays de naissance", email: "E-mail de convocation", external_id: "Identifiant externe",
  accessibility: "Aménagement d'accessibilité",
};
const OPTIONAL = [
  ["birth_city", 120], ["birth_postal_code", 10], ["birth_insee_code", 10], ["birth_country", 120],
  ["email", 200], ["external_id", 64],
];
const CORRECTABLE = ["last_name", "first_name", "birthdate", "birth_city", "birth_postal_code", "birth_insee_code",
  "birth_country"];

function identityFields(candidate = {}) {
  const details = candidate.details || {};
  const value = (name) => (name in candidate ? candidate[name] : details[name]) ?? "";
  const make = (name, max, extra = {}, options = {}) => field(LABELS[name], "input",
    { type: "text", maxlength: max, size: 28, autocomplete: "off", value: String(value(name)) || null, ...extra }, options);
  const inputs = {
    last_name: make("last_name", 100),
    first_name: make("first_name", 100),
    birthdate: make("birthdate", 10, { value: candidate.birthdate ? shortDate(candidate.birthdate) : null, size: 12 },
      { hint: "JJ/MM/AAAA" }),
  };
  return { inputs, make };
}

/** Check and convert what the form holds: names, birthdate (JJ/MM/AAAA -> ISO). */
function readIdentity(inputs) {
  const body = {};
  for (const name of ["last_name", "first_name"]) {
    body[name] = inputs[name].input.value.trim();
    if (!body[name]) throw new FormError(`${LABELS[name]}\u00a0: ce champ est obligatoire.`, inputs[name].input);
  }
  const typed = inputs.birthdate.input.value.trim();
  body.birthdate = isoFromFrench(typed);
  if (!body.birthdate) {
    throw new FormError(typed ? `Date de naissance\u00a0: «\u00a0${typed}\u00a0» n'est pas une date réelle au format JJ/MM/AAAA.`
      : "Date de naissance\u00a0: ce champ est obligatoire (JJ/MM/AAAA).", inputs.birthdate.input);
  }
  return body;
}

function enrolmentFields(candidate = {}) {
  const { inputs, make } = identityFields(candidate);
  inputs.extra_time_pct = make("extra_time_pct", 3, { value: String(candidate.extra_time_pct || 0), size: 5,
    inputmode: "numeric" }, { hint: "en %, par exemple 33\u00a0; 0 sans temps majoré" });
  const sex = field(LABELS.sex, "select", {}, { options: [
    { value: "", label: "non indiqué" }, { value: "F", label: "F (féminin)" }, { value: "M", label: "M (masculin)" },
  ].map((o) => ({ ...o, selected: o.value === ((candidate.details || {}).sex || "") })) });
  inputs.sex = sex;
  for (const [name, max] of OPTIONAL) inputs[name] = make(name, max, name === "email" ? { type: "email" } : {});
  // The adaptive test then asks this pupil only questions marked accessible.
  const accessibility = check("checkbox", "accessibility", "yes",
    `Besoin d'un aménagement d'accessibilité (test adaptatif${NBSP}: questions accessibles seulement)`,
    { checked: (candidate.details || {}).accessibility === true });
  const element = el("div", { class: "candidate-fields" },
    el("div", { class: "row" }, inputs.last_name.element, inputs.first_name.element),
    el("div", { class: "row" }, inputs.birthdate.element, inputs.extra_time_pct.element),
    el("fieldset", { class: "optional" }, el("legend", {}, "Facultatif (pour les documents et la convocation)"),
      el("div", { class: "row" }, sex.element, inputs.birth_city.element),
      el("div", { class: "row" }, inputs.birth_postal_code.element, inputs.birth_insee_code.element),
      el("div", { class: "row" }, inputs.birth_country.element, inputs.email.element),
      inputs.external_id.element, accessibility.element));
  const read = () => {
    const body = readIdentity(inputs);
    const extra = inputs.extra_time_pct.input.value.trim() || "0";
    if (!/^\d{1,3}$/.test(extra) || Number(extra) > 200) {
      throw new FormError("Temps majoré\u00a0: un nombre entier de 0 à 200 (en %).", inputs.extra_time_pct.input);
    }
    body.extra_time_pct = Number(extra);
    body.sex = sex.input.value;
    for (const [name] of OPTIONAL) body[name] = inputs[name].input.value.trim();
    // sent when ticked, or to untick it: a pupil without the flag keeps none
    if (accessibility.input.checked || "accessibility" in (candidate.details || {})) {
      body.accessibility = accessibility.input.checked;
    }
    return body;
  };
  return { element, read, first: inputs.last_name.input };
}

function correctionFields(candidate) {
  const { inputs, make } = identityFields(candidate);
  for (const name of CORRECTABLE.slice(3)) inputs[name] = make(name, name.includes("code") ? 10 : 120);
  const element = el("div", { class: "candidate-fields" },
    el("div", { class: "row" }, inputs.last_name.element, inputs.first_name.element),
    el("div", { class: "row" }, inputs.birthdate.element, inputs.birth_city.element),
    el("div", { class: "row" }, inputs.birth_postal_code.element, inputs.birth_insee_code.element),
    inputs.birth_country.element);
  const read = () => {
    const body = readIdentity(inputs);
    for (const name of CORRECTABLE.slice(3)) body[name] = inputs[name].input.value.trim();
    const before = { ...candidate.details, last_name: candidate.last_name, first_name: candidate.first_name,
      birthdate: candidate.birthdate };
    const changed = Object.fromEntries(Object.entries(body).filter(([k, v]) => (before[k] || "") !== v));
    if (!Object.keys(changed).length) throw new FormError("Rien n'a changé\u00a0: modifiez le champ à corriger.", inputs.last_name.input);
    return changed;
  };
  return { element, read };
}

const shown = (name, value) => (name === "birthdate" ? shortDate(value) : `«\u00a0${value || "vide"}\u00a0»`);

function correctionsText(candidate) {
  return (candidate.corrections || []).map((c) => {
    const changes = Object.keys(c.after || {}).map((name) =>
      `${(LABELS[name] || name).toLowerCase()} ${shown(name, (c.before || {})[name])} → ${shown(name, c.after[name])}`);
    return el("p", { class: "correction" }, `Identité corrigée${c.at ? ` le ${moment(c.at)}` : ""}\u00a0: ${changes.join(", ")}.`);
  });
}

function row(ctx, page, candidate, reload) {
  const name = spokenName(candidate);
  const key = `candidate:${candidate.candidate_id}`;
  const buttons = [];
  const path = `/sessions/${page.session_number}/candidates/${candidate.candidate_id}`;
  if (page.editable) {
    const edit = el("button", { type: "button", class: "small", dataset: { focusKey: `${key}:edit` } },
      "Modifier", hidden(` l'inscription ${of(name)}`));
    edit.addEventListener("click", async () => {
      const fields = enrolmentFields(candidate);
      const done = await formDialog({ title: `Modifier l'inscription ${of(name)}`, submitLabel: "Enregistrer",
        body: [fields.element], opener: edit, wide: true,
        onSubmit: () => ctx.client.call("PATCH", path, fields.read()) });
      if (done) {
        ctx.toast.show(`Inscription ${of(name)} modifiée.`);
        await reload();
      }
    });
    const remove = el("button", { type: "button", class: "small", dataset: { focusKey: `${key}:remove` } },
      "Retirer", hidden(` ${name}`));
    remove.addEventListener("click", async () => {
      const done = await confirmDialog({ title: `Retirer ${name} de la session\u00a0?`, confirmLabel: "Retirer ce candidat",
        opener: remove,
        paragraphs: [`${name} (date de naissance\u00a0: ${shortDate(candidate.birthdate)}) ne figurera plus parmi les `
          + `candidats de la session n° ${page.session_number}. Vous pourrez l'inscrire de nouveau tant que la session `
          + "n'a pas commencé."],
        onConfirm: () => ctx.client.call("DELETE", path) });
      if (done) {
        ctx.toast.show(`Inscription ${of(name)} retirée.`);
        await reload("#candidates-title");
      }
    });
    buttons.push(edit, remove);
  } else if (page.status === "started" || page.status === "closed") {
    const correct = el("button", { type: "button", class: "small", dataset: { focusKey: `${key}:correct` } },
      "Corriger l'identité", hidden(` ${of(name)}`));
    correct.addEventListener("click", async () => {
      const fields = correctionFields(candidate);
      const done = await formDialog({ title: `Corriger l'identité ${of(name)}`, submitLabel: "Enregistrer la correction",
        wide: true, opener: correct,
        body: [el("p", {}, "La correction est gardée dans le journal avec l'ancienne valeur (code C1). Les documents "
          + "et les résultats utilisent l'identité corrigée."), fields.element],
        onSubmit: () => ctx.client.call("POST", `${path}/identity-correction`, fields.read()) });
      if (done) {
        ctx.toast.show(`Identité ${of(name)} corrigée.`);
        await reload();
      }
    });
    buttons.push(correct);
  }
  return el("tr", { dataset: { candidateId: candidate.candidate_id } },
    el("th", { scope: "row", class: "wrap" }, candidate.last_name, correctionsText(candidate)),
    el("td", { class: "wrap" }, candidate.first_name),
    el("td", { class: "nowrap" }, shortDate(candidate.birthdate)),
    el("td", { class: "nowrap" }, extraTimeText(candidate.extra_time_pct),
      (candidate.details || {}).accessibility === true ? el("span", { class: "detail" }, ", accessibilité") : null),
    el("td", { class: candidate.certifiable ? "certifiable" : "certifiable not" },
      el("span", { class: "icon", "aria-hidden": "true" }, candidate.certifiable ? "✓ " : "⚠ "),
      certifiableText(candidate)),
    el("td", {}, candidate.status_label),
    buttons.length ? el("td", { class: "row-actions" }, buttons) : null);
}

function captionText(list) {
  const certifiable = list.filter((c) => c.certifiable).length;
  let which;
  if (certifiable === 0) which = "aucun certifiable";
  else if (certifiable === list.length) which = list.length > 1 ? "tous certifiables" : "certifiable";
  else which = `dont ${certifiable}${NBSP}${certifiable > 1 ? "certifiables" : "certifiable"}`;
  return `${count(list.length, "candidat inscrit", "candidats inscrits")}, ${which} (par ordre alphabétique)`;
}

/** Draw the candidates section into `slot`. */
export function showCandidates(ctx, page, slot, reload) {
  const list = page.candidates_list;
  const withActions = page.editable || page.status === "started" || page.status === "closed";
  const add = page.editable ? el("button", { type: "button", class: "primary", dataset: { focusKey: "candidates:add" } },
    "Ajouter un candidat") : null;
  if (add) {
    add.addEventListener("click", async () => {
      const fields = enrolmentFields();
      const done = await formDialog({ title: "Ajouter un candidat", submitLabel: "Inscrire ce candidat", opener: add,
        wide: true, body: [fields.element],
        onSubmit: () => ctx.client.call("POST", `/sessions/${page.session_number}/candidates`, fields.read()) });
      if (done) {
        ctx.toast.show("Candidat inscrit.");
        await reload();
      }
    });
  }
  const table = list.length ? el("table", { class: "list candidates" },
    el("caption", {}, captionText(list)),
    el("thead", {}, el("tr", {}, ["Nom", "Prénom", "Date de naissance", "Temps majoré", "Certification", "Statut",
      withActions ? "Actions" : null].filter(Boolean).map((t) => el("th", { scope: "col" }, t)))),
    el("tbody", {}, list.map((c) => row(ctx, page, c, reload))))
    : el("p", { class: "message note" }, page.editable
      ? "Aucun candidat inscrit pour l'instant\u00a0: ajoutez-les un par un, ou importez la liste ci-dessous."
      : "Aucun candidat n'était inscrit à cette session.");
  slot.replaceChildren(el("section", { class: "card candidates-section", "aria-labelledby": "candidates-title" },
    el("h2", { id: "candidates-title" }, "Candidats"), table, add ? el("div", { class: "actions" }, add) : null));
}

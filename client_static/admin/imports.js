// Imports before the day: the candidate list (CSV, ODS, XLSX) and the positioning profiles
// (JSON, CSV…). All or nothing: a refused file comes back with every wrong line, in French.

import { fill, focusOn } from "../shared/dom.js";
import { saveBlob } from "./client.js";
import { el, errorBox, field, setText, showError } from "./ui.js";
import { count } from "./words.js";

const TEMPLATES = [
  { path: "/templates/candidates.csv", label: "Modèle de liste (CSV)", filename: "modele-candidats.csv" },
  { path: "/templates/candidates.ods", label: "Modèle de liste (ODS, LibreOffice)", filename: "modele-candidats.ods" },
  { path: "/templates/candidates.xlsx", label: "Modèle de liste (XLSX, Excel)", filename: "modele-candidats.xlsx" },
];

function report(box, { ok, title, lines = [], after = "" }) {
  fill(box,
    el("p", { class: "report-title" }, title),
    lines.length ? el("ol", { class: "report-lines" }, lines.map((line) => el("li", {}, line.message))) : null,
    after ? el("p", {}, after) : null);
  box.className = `message import-report ${ok ? "ok" : "error"}`;
  focusOn(box);
}

function importForm(ctx, { id, title, intro, label, accept, hint, button, path, noun, nothing, onImported }) {
  const file = field(label, "input", { type: "file", accept }, { hint });
  const submit = el("button", { type: "submit", class: "primary", dataset: { focusKey: `${id}:submit` } }, button);
  const box = el("div", { class: "message import-report", tabindex: "-1", "aria-live": "polite" });
  const form = el("form", { class: "import-form", novalidate: true, "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title` }, title), el("p", {}, intro), file.element, el("div", { class: "actions" }, submit), box);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.getAttribute("aria-disabled") === "true") return;
    file.input.removeAttribute("aria-invalid");
    const chosen = file.input.files && file.input.files[0];
    if (!chosen) {
      report(box, { ok: false, title: "Choisissez d'abord un fichier." });
      file.input.setAttribute("aria-invalid", "true");
      file.input.focus();
      return;
    }
    submit.setAttribute("aria-disabled", "true");
    setText(box, `Envoi de «\u00a0${chosen.name}\u00a0»…`);
    box.className = "message import-report";
    try {
      const result = await ctx.client.upload(path, chosen);
      file.input.value = "";
      await onImported(result.imported, chosen.name);
    } catch (e) {
      if (e.status === 401) return;
      report(box, { ok: false, title: e.message, lines: e.lines || [],
        after: e.lines && e.lines.length ? nothing : "" });
    } finally {
      submit.removeAttribute("aria-disabled");
    }
  });
  return form;
}

function templates(ctx) {
  const error = errorBox();
  return el("div", { class: "templates" },
    el("p", {}, "Les colonnes attendues sont dans les modèles\u00a0: une ligne par candidat, avec au moins le nom de "
      + "naissance, le prénom, la date de naissance (JJ/MM/AAAA) et le temps majoré (en %, 0 sinon)."),
    el("ul", { class: "inline-list" }, TEMPLATES.map((t) => el("li", {}, el("a", {
      href: `/api/v1/admin${t.path}`, download: t.filename,
      onclick: async (event) => {
        event.preventDefault();
        setText(error, "");
        try {
          const { blob } = await ctx.client.file(t.path);
          saveBlob(blob, t.filename);
        } catch (e) {
          if (e.status !== 401) showError(error, `${t.label} : ${e.message}`);
        }
      },
    }, t.label)))), error);
}

/** Draw the import forms (only while the session is editable) into `slot`. */
export function showImports(ctx, page, slot, reload) {
  const base = `/sessions/${page.session_number}`;
  const candidates = importForm(ctx, {
    id: "import-candidates", title: "Importer la liste des candidats",
    intro: "Le fichier est importé en entier, ou pas du tout\u00a0: s'il contient une erreur, rien n'est inscrit et "
      + "chaque ligne à corriger est indiquée.",
    label: "Fichier de candidats", accept: ".csv,.ods,.xlsx,text/csv", hint: "CSV, ODS ou XLSX",
    button: "Importer la liste", path: `${base}/candidates/import`,
    nothing: "Aucun candidat n'a été importé. Corrigez ces lignes dans le fichier, puis importez-le de nouveau.",
    async onImported(n, name) {
      ctx.toast.show(`${count(n, "candidat importé", "candidats importés", "Aucun candidat importé")} depuis «\u00a0${name}\u00a0».`);
      await reload("#candidates-title");
    },
  });
  const profiles = importForm(ctx, {
    id: "import-profiles", title: "Importer les profils de positionnement",
    intro: "Les pix par compétence établis au positionnement\u00a0: ils décident des questions du test et rendent "
      + "un candidat certifiable (5 compétences de niveau 1 ou plus). Chaque profil désigne son candidat par "
      + "nom de naissance, prénom et date de naissance, ou par identifiant externe.",
    label: "Fichier de profils", accept: ".json,.csv,.ods,.xlsx,application/json,text/csv",
    hint: "JSON (export de la plateforme) ou tableau CSV, ODS, XLSX\u00a0: une colonne par compétence (1.1, 1.2…)",
    button: "Importer les profils", path: `${base}/profiles/import`,
    nothing: "Aucun profil n'a été importé. Corrigez ces lignes dans le fichier, puis importez-le de nouveau.",
    async onImported(n, name) {
      ctx.toast.show(`${count(n, "profil importé", "profils importés", "Aucun profil importé")} depuis «\u00a0${name}\u00a0».`);
      await reload("#candidates-title");
    },
  });
  slot.replaceChildren(el("section", { class: "card imports", "aria-labelledby": "imports-title" },
    el("h2", { id: "imports-title" }, "Importer des fichiers"), templates(ctx), candidates, profiles));
}

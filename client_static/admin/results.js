// The results of a finalised session: one line per candidate (status in words, pix,
// reproducibility rate or, adaptive, the global level; level per competence), each scoring report in plain French, the
// downloads (CSV, PDF, archive) and the journal's final hash.

import { fill } from "../shared/dom.js";
import { saveBlob } from "./client.js";
import { el, errorBox, showError } from "./ui.js";
import { moment, NBSP } from "./words.js";

const STATUS_WORDS = {
  validated: { label: "certification validée", icon: "✔" },
  rejected: { label: "certification rejetée", icon: "✖" },
  absent: { label: "absent", icon: "○" },
  cancelled: { label: "certification annulée", icon: "✖" },
};
const REASON_WORDS = {
  reproducibility_below_50: `taux de reproductibilité sous 50${NBSP}%`,
  no_pix: "aucun pix certifié",
  too_few_answers: "trop peu de réponses pour un score",
  capacity_below_scale: "capacité sous le bas de l'échelle du score",
};

/** The fourth column: the reproducibility rate (classic) or the global level (adaptive). */
function fourth(candidate) {
  if (candidate.algorithm === "adaptive") {
    return candidate.global_level === null || candidate.global_level === undefined ? "—"
      : `niveau ${candidate.global_level}`;
  }
  return candidate.reproducibility_rate === null || candidate.reproducibility_rate === undefined ? "—"
    : `${candidate.reproducibility_rate}${NBSP}%`;
}

function statusCell(candidate) {
  const known = STATUS_WORDS[candidate.status] || { label: candidate.status, icon: "•" };
  const words = { icon: known.icon, label: candidate.status_label || known.label };
  const reasons = candidate.reason_labels || (candidate.reasons || []).map((r) => REASON_WORDS[r] || r);
  return el("td", { class: "result-status", dataset: { status: candidate.status } },
    el("span", { class: "icon", "aria-hidden": "true" }, `${words.icon} `), words.label,
    reasons.length ? el("span", { class: "detail" }, ` (${reasons.join(", ")})`) : null);
}

function levels(candidate) {
  const list = candidate.competences || [];
  if (!list.length) return "—";
  return el("ul", { class: "levels" }, list.map((c) => el("li", {},
    el("span", { class: "code" }, c.code), ` : niveau ${c.level} (${c.pix}${NBSP}pix)`)));
}

function downloads(ctx, page) {
  const base = `/sessions/${page.session_number}`;
  const files = [
    { path: `${base}/results.csv`, label: "Résultats (CSV)", filename: `session-${page.session_number}-resultats.csv` },
    { path: `${base}/documents/results.pdf`, label: "Résultats (PDF)", filename: `session-${page.session_number}-resultats.pdf` },
    { path: `${base}/archive.zip`, label: "Archive de la session (ZIP)", filename: `session-${page.session_number}.zip` },
  ];
  const error = errorBox();
  return el("div", { class: "downloads" }, el("ul", { class: "inline-list" }, files.map((f) => el("li", {},
    el("button", { type: "button", dataset: { focusKey: `download:${f.filename}` }, onclick: async (event) => {
      const button = event.currentTarget;
      button.setAttribute("aria-busy", "true");
      try {
        const { blob } = await ctx.client.file(f.path);
        saveBlob(blob, f.filename);
      } catch (e) {
        if (e.status !== 401) showError(error, `${f.label} : ${e.message}`);
      } finally {
        button.removeAttribute("aria-busy");
      }
    } }, "Télécharger\u00a0: ", f.label)))), error);
}

/** Draw the results of a finalised session into `slot`. */
export async function showResults(ctx, page, slot) {
  const box = el("div", {}, el("p", {}, "Chargement des résultats…"));
  slot.replaceChildren(el("section", { class: "card results", "aria-labelledby": "results-title" },
    el("h2", { id: "results-title" }, "Résultats"), box));
  let data;
  try {
    data = await ctx.client.call("GET", `/sessions/${page.session_number}/results`);
  } catch (e) {
    if (e.status === 401) return;
    const error = errorBox();
    box.replaceChildren(error);
    showError(error, e.message);
    return;
  }
  if (!slot.isConnected) return;
  const candidates = data.candidates || [];
  const adaptive = candidates.some((c) => c.algorithm === "adaptive");
  const sealed = page.finalisation || {};
  fill(box,
    sealed.at ? el("p", {}, `Session finalisée le ${moment(sealed.at)}${data.late ? ", après le délai de 48 h (c'est signalé)" : ""}.`)
      : null,
    el("p", { class: "hash" }, "Empreinte finale du journal\u00a0: ", el("code", { class: "hash-value" }, data.final_hash || "—")),
    el("p", { class: "hint" }, "Cette empreinte change si une seule ligne du journal change\u00a0: notez-la avec le "
      + "procès-verbal pour prouver plus tard que rien n'a bougé."),
    downloads(ctx, page),
    candidates.length ? el("table", { class: "list result-table" },
      el("caption", {}, "Résultat de chaque candidat"),
      el("thead", {}, el("tr", {}, ["Candidat", "Résultat", "Pix", adaptive ? "Niveau global"
        : "Taux de reproductibilité", "Niveaux par compétence"].map((t) => el("th", { scope: "col" }, t)))),
      el("tbody", {}, candidates.map((c) => el("tr", {},
        el("th", { scope: "row", class: "wrap" }, c.name),
        statusCell(c),
        el("td", { class: "nowrap" }, c.pix === null || c.pix === undefined ? "—" : `${c.pix}${NBSP}pix`),
        el("td", { class: "nowrap" }, fourth(c)),
        el("td", {}, levels(c))))))
      : el("p", { class: "message note" }, "Aucun candidat dans cette session."),
    candidates.length ? el("h3", {}, "Rapports de calcul") : null,
    candidates.map((c) => el("details", { class: "report" },
      el("summary", {}, `Rapport de calcul\u00a0: ${c.name}`),
      (c.report || []).map((text) => el("p", {}, text)))));
}

// A session's page (/admin/sessions/<n>): what the invigilator needs (number, password, the
// address for the board), the details, notices, documents, candidates and imports; after the
// test, the finalisation form, then the results.

import { focusOn } from "../shared/dom.js";
import { showCandidates } from "./candidates.js";
import { openPdf } from "./client.js";
import { confirmDialog, formDialog } from "./dialogs.js";
import { showFinalisation } from "./finalise.js";
import { showImports } from "./imports.js";
import { showResults } from "./results.js";
import { sessionFields } from "./sessionform.js";
import { statusBadge } from "./sessions.js";
import { showSync } from "./sync.js";
import { el, errorBox, FormError, keepFocus, showError } from "./ui.js";
import { clock, count, longDate, roomText } from "./words.js";

const BEFORE_FINALISATION = new Set(["started", "closed"]);
const SEALED = new Set(["finalised", "synced"]);

const title = (page) => `Session n° ${page.session_number}`;

function header(page) {
  return el("header", { class: "session-title" },
    el("p", { class: "back" }, el("a", { href: "/admin", "data-route": true }, "← Toutes les sessions")),
    el("h1", {}, "Session n° ", el("span", { class: "session-number" }, String(page.session_number))),
    el("p", { class: "status-line" }, "Statut\u00a0: ", statusBadge(page.status, page.status_label)));
}

function forInvigilator(page) {
  const rows = [
    ["Numéro de session", String(page.session_number), "big"],
    ["Mot de passe surveillant", page.invigilator_password, "big code"],
    ["Adresse à écrire au tableau pour les candidats", page.candidate_url, "big url"],
  ];
  if (page.access_code) rows.push(["Code d'accès (donné au démarrage)", page.access_code, "big code"]);
  return el("section", { class: "card invigilator-card", "aria-labelledby": "for-invigilator" },
    el("h2", { id: "for-invigilator" }, "Pour le surveillant"),
    el("dl", { class: "key-values" }, rows.map(([term, value, kind]) => [
      el("dt", {}, term), el("dd", { class: kind }, value)])),
    el("p", { class: "hint" }, "Le surveillant se connecte sur la page «\u00a0/surveillant\u00a0» du même serveur avec le numéro "
      + "et le mot de passe ci-dessus."));
}

function details(page) {
  const invigilators = page.invigilators.length ? page.invigilators.join(", ") : "aucun";
  const rows = [
    ["Date", longDate(page.date)], ["Heure de début", clock(page.start_time)], ["Établissement", page.site],
    ["Salle", page.room], [page.invigilators.length > 1 ? "Surveillants" : "Surveillant", invigilators],
    ["Algorithme", page.algorithm_label || page.algorithm], ["Candidats", count(page.candidates, "candidat inscrit",
      "candidats inscrits", "aucun candidat inscrit")],
  ];
  if (page.certification_version) rows.splice(6, 0, ["Version de la certification", page.certification_version]);
  if (page.notes) rows.push(["Notes", page.notes]);
  return el("section", { class: "card", "aria-labelledby": "details-title" },
    el("h2", { id: "details-title" }, "Informations"),
    el("dl", { class: "key-values" }, rows.map(([term, value]) => [el("dt", {}, term), el("dd", { class: "pre" }, value)])));
}

function warnings(page) {
  if (!page.warnings || !page.warnings.length) return null;
  return el("section", { class: "warnings", "aria-labelledby": "warnings-title" },
    el("h2", { id: "warnings-title" }, "À vérifier avant le jour de la session"),
    el("ul", { class: "notices" }, page.warnings.map((text) => el("li", { class: "message note" },
      el("span", { class: "icon", "aria-hidden": "true" }, "ℹ "), text))));
}

function documents(ctx, page) {
  const links = [...page.documents.map((d) => ({ ...d })),
    { name: "incident-report-blank.pdf", label: "Procès-verbal d'incident vierge",
      url: `${page.documents.find((d) => d.name === "incident-report.pdf")?.url || ""}?blank=1` }];
  const error = errorBox();
  return el("section", { class: "card documents", "aria-labelledby": "documents-title" },
    el("h2", { id: "documents-title" }, "Documents à imprimer"),
    el("p", { class: "hint" }, "Chaque document s'ouvre en PDF dans un nouvel onglet, prêt à imprimer."), error,
    el("ul", { class: "document-list" }, links.map((doc) => el("li", {}, el("a", {
      href: doc.url, target: "_blank", rel: "noopener", dataset: { focusKey: `doc:${doc.name}` },
      onclick: async (event) => {
        event.preventDefault(); // the address alone would be refused: the file needs the token
        try {
          await openPdf(ctx.client, doc.url, `session-${page.session_number}-${doc.name}`);
        } catch (e) {
          if (e.status !== 401) showError(error, e.message);
        }
      },
    }, doc.label, el("span", { class: "format" }, " (PDF, nouvel onglet)"))))));
}

function actions(ctx, page, reload) {
  if (!page.editable) {
    return el("p", { class: "message note" }, SEALED.has(page.status)
      ? "Cette session est finalisée\u00a0: plus rien ne peut y être modifié."
      : "La session a commencé\u00a0: ses informations et ses inscriptions ne peuvent plus être modifiées. "
      + "Une erreur de nom ou de date de naissance se corrige avec «\u00a0Corriger l'identité\u00a0».");
  }
  const edit = el("button", { type: "button", dataset: { focusKey: "session:edit" } }, "Modifier la session");
  const remove = el("button", { type: "button", class: "danger", dataset: { focusKey: "session:delete" } },
    "Supprimer la session");
  edit.addEventListener("click", async () => {
    const fields = sessionFields(page);
    const done = await formDialog({
      title: `Modifier la session n° ${page.session_number}`, submitLabel: "Enregistrer", body: [fields.element],
      opener: edit, wide: true,
      onSubmit: async () => {
        const body = fields.read();
        try {
          await ctx.client.call("PATCH", `/sessions/${page.session_number}`, body);
        } catch (e) {
          const input = fields.fieldFor(e);
          throw input ? new FormError(e.message, input) : e;
        }
      },
    });
    if (done) {
      ctx.toast.show("Session modifiée.");
      await reload();
    }
  });
  remove.addEventListener("click", async () => {
    const named = `la session n° ${page.session_number} du ${longDate(page.date)} (${page.site}, ${roomText(page.room)})`;
    const done = await confirmDialog({
      title: `Supprimer la session n° ${page.session_number}\u00a0?`, confirmLabel: "Supprimer la session", opener: remove,
      paragraphs: [`Vous allez supprimer ${named}, avec ${count(page.candidates, "candidat inscrit",
        "candidats inscrits", "aucun candidat inscrit")}.`,
      "Elle disparaît de la liste et du serveur de salle (son journal est mis de côté dans le dossier «\u00a0deleted\u00a0»)."],
      onConfirm: () => ctx.client.call("DELETE", `/sessions/${page.session_number}`),
    });
    if (done) {
      ctx.toast.show(`Session n° ${page.session_number} supprimée.`);
      ctx.navigate("/admin");
    }
  });
  return el("div", { class: "session-actions" }, edit, remove);
}

/** Draw the page of session `number` in ctx.main. */
export async function showSession(ctx, number) {
  document.title = `Session n° ${number} — administration du serveur de salle`;
  ctx.main.replaceChildren(el("div", { class: "view" }, el("p", {}, "Chargement de la session…")));
  let page;
  try {
    page = await ctx.client.call("GET", `/sessions/${number}`);
  } catch (e) {
    if (e.status === 401 || !ctx.isCurrent()) return;
    const box = errorBox();
    ctx.main.replaceChildren(el("div", { class: "view" },
      el("p", { class: "back" }, el("a", { href: "/admin", "data-route": true }, "← Toutes les sessions")),
      el("h1", {}, `Session n° ${number}`), box));
    showError(box, e.message);
    return;
  }
  if (!ctx.isCurrent()) return;

  /** Fetch and redraw; focus stays on the same control, else goes to `fallback` (a selector). */
  const reload = async (fallback = "h1") => {
    try {
      const fresh = await ctx.client.call("GET", `/sessions/${number}`);
      if (!ctx.isCurrent()) return;
      page = fresh;
      const moved = keepFocus(draw);
      if (!moved) focusOn(ctx.main.querySelector(fallback) || ctx.main.querySelector("h1"));
    } catch (e) {
      if (e.status !== 401) ctx.toast.show(e.message, "error");
    }
  };

  function draw() {
    document.title = `${title(page)} — administration du serveur de salle`;
    const candidates = el("div", { class: "slot" });
    const imports = el("div", { class: "slot" });
    const closing = el("div", { class: "slot" });
    const syncing = el("div", { class: "slot" });
    ctx.main.replaceChildren(el("div", { class: "view session-view", dataset: { status: page.status } },
      header(page),
      el("div", { class: "columns" }, forInvigilator(page), details(page)),
      warnings(page), actions(ctx, page, reload), SEALED.has(page.status) ? syncing : null, documents(ctx, page),
      candidates, imports, closing));
    showCandidates(ctx, page, candidates, reload);
    if (page.editable) showImports(ctx, page, imports, reload);
    if (BEFORE_FINALISATION.has(page.status)) showFinalisation(ctx, page, closing, reload);
    if (SEALED.has(page.status)) {
      showSync(ctx, page, syncing);
      showResults(ctx, page, closing);
    }
  }

  draw();
}

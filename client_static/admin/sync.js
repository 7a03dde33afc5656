// A finalised session's delivery to the certification body (docs/sync.md): its state in words
// on the session page, with "Envoyer maintenant" (a real button, keyboard-usable), and a short
// word per session in the sessions list. The server says when the next attempt is; the page
// asks again every few seconds while it is shown.

import { focusOn } from "../shared/dom.js";
import { busy, el, setText } from "./ui.js";
import { count } from "./words.js";

const SHORT = {
  delivered: { icon: "✔", label: "Envoyée à l'organisme" },
  pending: { icon: "⏳", label: "En attente d'envoi" },
  sending: { icon: "⇪", label: "Envoi en cours" },
  needs_attention: { icon: "⚠", label: "À vérifier" },
};
const REFRESH_MS = 5000;
const FAST_MS = 1000; // right after "Envoyer maintenant", until the attempt has ended
const CAN_SEND = new Set(["pending", "needs_attention"]);

/** The delivery state in a few words, with a symbol (never the colour alone), for the list. */
export function syncBadge(job) {
  const words = SHORT[job.state] || { icon: "•", label: job.state_label || job.state };
  return el("span", { class: "sync-state", dataset: { sync: job.state }, title: job.summary || "" },
    el("span", { class: "icon", "aria-hidden": "true" }, words.icon), " ", words.label);
}

function details(job) {
  const rows = [];
  if (job.attempts) rows.push(["Essais", count(job.attempts, "essai", "essais")]);
  if (job.state !== "delivered" && job.last_error && job.state !== "needs_attention") {
    rows.push(["Dernière erreur", job.last_error]);
  }
  rows.push(["Hash final envoyé", job.final_hash]);
  return el("dl", { class: "key-values" }, rows.map(([term, value]) => [el("dt", {}, term),
    el("dd", term === "Hash final envoyé" ? { class: "pre" } : {}, term === "Hash final envoyé"
      ? el("code", { class: "hash-value" }, value) : value)]));
}

/** Draw the delivery card of a finalised session in `slot`, and keep it fresh while shown. */
export async function showSync(ctx, page, slot) {
  const number = page.session_number;
  const summary = el("p", { class: "message note sync-summary", role: "status", "aria-live": "polite" });
  const more = el("div", {});
  const send = el("button", { type: "button", class: "primary", dataset: { focusKey: "sync:send-now" } },
    "Envoyer maintenant");
  const card = el("section", { class: "card sync", "aria-labelledby": "sync-title" },
    el("h2", { id: "sync-title" }, "Envoi à l'organisme"), summary, more, el("div", { class: "actions" }, send));
  slot.replaceChildren(card);
  let timer = null;
  let fastUntil = 0;

  const draw = (answer) => {
    const { job } = answer;
    setText(summary, answer.summary);
    summary.className = `message sync-summary ${job && job.state === "needs_attention" ? "error" : "note"}`;
    summary.dataset.sync = job ? job.state : "none";
    more.replaceChildren(job ? details(job) : "");
    send.hidden = !job || !CAN_SEND.has(job.state);
    return job;
  };

  const schedule = (job) => {
    clearTimeout(timer);
    if (!ctx.isCurrent() || !slot.isConnected) return;
    const waiting = job && (job.state === "sending" || job.state === "pending");
    const delay = waiting && Date.now() < fastUntil ? FAST_MS : REFRESH_MS;
    timer = setTimeout(refresh, delay);
  };

  async function refresh() {
    if (!ctx.isCurrent() || !slot.isConnected) return;
    try {
      schedule(draw(await ctx.client.call("GET", `/sessions/${number}/sync`)));
    } catch (e) {
      if (e.status !== 401) schedule(null);
    }
  }

  send.addEventListener("click", async () => {
    if (send.getAttribute("aria-disabled") === "true") return;
    try {
      const answer = await busy(send, () => ctx.client.call("POST", `/sessions/${number}/sync/send-now`));
      fastUntil = Date.now() + 30000;
      const job = draw(answer);
      ctx.toast.show(`Envoi de la session n° ${number} demandé.`);
      if (send.hidden) focusOn(summary);
      schedule(job);
    } catch (e) {
      if (e.status !== 401) ctx.toast.show(e.message, "error");
    }
  });

  try {
    schedule(draw(await ctx.client.call("GET", `/sessions/${number}/sync`)));
  } catch (e) {
    if (e.status !== 401) setText(summary, e.message);
  }
}

/** The jobs by session number, for the list ({} when the server cannot say: the list still shows). */
export async function syncStates(ctx) {
  try {
    const overview = await ctx.client.call("GET", "/sync");
    return Object.fromEntries(overview.jobs.map((job) => [job.session_number, job]));
  } catch {
    return {};
  }
}

// The question screen: progress, time, instruction, files, inputs, and the three actions
// ("Je valide", "Je passe", "Signaler un problème"). An answer is given to the page's outbox
// (ctx.give: written on this PC with an answer_id made once per question, then sent), so a
// blip, a retry or a reload never loses it nor answers twice. The question may be the next one,
// held ahead while the server cannot be reached: it works the same, files included.

import * as api from "../shared/api.js";
import { API, ERROR } from "../shared/constants.js";
import { announce, focusOn, h, openDialog, richParagraphs } from "../shared/dom.js";
import { clockWords } from "../shared/format.js";
import { fileBlob } from "./files.js";
import { answerInputs } from "./question.js";
import { loadDraft, saveDraft } from "./storage.js";
import { timeLeftDisplay } from "./timeleft.js";

const STALE_CODES = new Set([ERROR.NOT_CURRENT_CHALLENGE, ERROR.TEST_FINISHED, ERROR.TEST_NOT_STARTED,
  ERROR.RESUME_NOT_AUTHORISED, ERROR.TEST_MOVED, ERROR.RESUME_PENDING]);

/**
 * ctx: {token, sessionNumber, main, banner, link, give(entry), refresh(notice), loggedOut(error)}.
 * Returns {update(state), destroy()}.
 */
export function questionScreen(ctx, state) {
  const question = state.question;
  const draft = loadDraft(ctx.sessionNumber, question.challenge_id) || {
    challengeId: question.challenge_id, answerId: api.newId(), shownAt: Date.now(), value: null, focusLost: false,
  };
  const persist = () => saveDraft(ctx.sessionNumber, draft);
  persist();

  let busy = false;
  let destroyed = false;
  const blobUrls = [];
  const cleanups = [];

  // -- progress and time ------------------------------------------------------------------
  const heading = h("h1", { class: "progress-title", text: `Question ${question.index} / ${state.total}` });
  const progress = h("progress", { max: state.total, value: Math.max(0, question.index - 1), "aria-hidden": "true" });
  const clock = timeLeftDisplay(state);
  const statusbar = h("div", { class: "statusbar" }, h("div", { class: "statusbar-progress" }, heading, progress), clock.element);

  // -- notices: timed, focused ----------------------------------------------------------------
  let timerBox = null;
  let timerOverAnnounced = false;
  // The server counts from the question's first display, on whatever PC, without the time it
  // or this page was unreachable: trust its figure, and stop the countdown while the link is down.
  const timerDeadline = performance.now() + (question.timer_left_s ?? question.timer_s ?? 0) * 1000;
  const pausedAtStart = ctx.link.pausedNow();
  const extraTime = (state.extra_time_pct || 0) > 0;
  const renderTimer = () => {
    if (!timerBox) return;
    const left = (timerDeadline + ctx.link.pausedNow() - pausedAtStart - performance.now()) / 1000;
    if (!ctx.link.up && left > 0) {
      timerBox.replaceChildren("Question chronométrée\u00a0: le chronomètre est arrêté tant que le serveur de salle ne répond pas (il reste ",
        h("strong", { text: clockWords(left) }), ").");
    } else if (left > 0) {
      timerBox.replaceChildren("Question chronométrée\u00a0: il vous reste ",
        h("strong", { text: clockWords(left) }), " pour répondre.");
    } else if (extraTime) {
      timerBox.dataset.state = "over";
      timerBox.replaceChildren(h("strong", { text: "Le temps de cette question est écoulé." }),
        " Vous bénéficiez d'un temps majoré\u00a0: vous pouvez encore répondre, votre réponse comptera normalement.");
      if (!timerOverAnnounced) announce("Le temps de cette question est écoulé\u00a0; avec votre temps majoré, vous pouvez encore répondre.");
      timerOverAnnounced = true;
    } else {
      timerBox.dataset.state = "over";
      timerBox.replaceChildren(h("strong", { text: "Temps écoulé pour cette question." }),
        " Validez ou passez pour continuer\u00a0: une réponse donnée maintenant est enregistrée comme hors délai.");
      if (!timerOverAnnounced) announce("Temps écoulé pour cette question.");
      timerOverAnnounced = true;
    }
  };
  if (question.timer_s) {
    timerBox = h("div", { class: "message note timer", role: "timer" });
    renderTimer();
  }

  let focusBox = null;
  if (question.focused) {
    focusBox = h("div", { class: "message note focus-notice" },
      h("strong", { text: "Ne quittez pas cette page pendant cette question" }),
      " (pas d'autre onglet, fenêtre ou logiciel)\u00a0: si vous la quittez, c'est enregistré.");
    watchFocus();
  }

  function watchFocus() {
    const left = () => {
      if (draft.focusLost || destroyed) return;
      draft.focusLost = true;
      persist();
      focusBox.append(h("p", { class: "focus-lost", text: "Vous avez quitté la page\u00a0: c'est enregistré. Vous pouvez tout de même répondre." }));
      // Said now when the server is there; the answer says it too (focus_lost), in case this
      // report is still waiting for the server when the answer leaves.
      api.withRetry(async () => {
        await ctx.link.whenUp();
        return api.post(`${API}/candidate/focus-lost`, { challenge_id: question.challenge_id }, ctx.token);
      }, { maxMs: 10000 }).catch(() => {}); // stale question or logged out: the next state load deals with it
    };
    const onVisibility = () => { if (document.visibilityState === "hidden") left(); };
    window.addEventListener("blur", left);
    document.addEventListener("visibilitychange", onVisibility);
    cleanups.push(() => {
      window.removeEventListener("blur", left);
      document.removeEventListener("visibilitychange", onVisibility);
    });
  }

  // -- instruction, illustration, attachments (kept on this PC ahead: files.js) -----------------

  const instruction = h("div", { class: "instruction" }, richParagraphs(question.instruction));
  const fileStatus = h("p", { class: "file-status", role: "status" });
  let illustration = null;
  if (question.illustration) {
    illustration = h("figure", { class: "illustration" }, h("p", { class: "hint", text: "Chargement de l'image…" }));
    loadIllustration();
  }
  let files = null;
  if (question.attachments.length) {
    files = h("section", { class: "attachments", "aria-labelledby": "files-title" },
      h("h2", { id: "files-title", text: question.attachments.length > 1 ? "Fichiers de la question" : "Fichier de la question" }),
      h("p", { class: "hint", text: "Téléchargez le fichier puis ouvrez-le depuis le dossier Téléchargements." }),
      h("ul", {}, question.attachments.map((attachment) => h("li", {},
        h("button", { type: "button", class: "download", onclick: (event) => download(attachment, event.currentTarget) },
          `Télécharger «\u00a0${attachment.name}\u00a0»`)))),
      fileStatus);
  }

  async function loadIllustration() {
    try {
      const blob = await fileBlob(ctx.token, question.challenge_id, question.illustration.name,
        { mediaType: question.illustration.media_type });
      if (destroyed) return;
      const url = URL.createObjectURL(blob);
      blobUrls.push(url);
      // What the picture shows, in the pack's words (content-pack.md: every illustration has a description).
      const description = question.illustration.description || "Image de la question (sans description)";
      illustration.replaceChildren(h("img", { src: url, alt: description }));
    } catch {
      if (destroyed) return;
      illustration.replaceChildren(h("p", { class: "message error",
        text: "L'image de la question n'a pas pu être affichée. Utilisez «\u00a0Signaler un problème\u00a0»." }));
    }
  }

  async function download(attachment, button) {
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    fileStatus.textContent = `Téléchargement de «\u00a0${attachment.name}\u00a0»…`;
    try {
      const blob = await fileBlob(ctx.token, question.challenge_id, attachment.name,
        { mediaType: attachment.media_type, timeoutMs: 120000 });
      const url = URL.createObjectURL(new Blob([blob], { type: attachment.media_type }));
      const link = h("a", { href: url, download: attachment.name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      fileStatus.textContent = `«\u00a0${attachment.name}\u00a0» est téléchargé\u00a0: ouvrez-le depuis le dossier Téléchargements.`;
    } catch (error) {
      if (error.status === 401) return ctx.loggedOut(error);
      if (STALE_CODES.has(error.code)) return ctx.refresh(error.message);
      fileStatus.textContent = error.code === ERROR.NETWORK
        ? `«\u00a0${attachment.name}\u00a0» n'a pas pu être téléchargé\u00a0: connexion perdue. Réessayez dans un instant.`
        : `${error.message} Si cela continue, utilisez «\u00a0Signaler un problème\u00a0».`;
    } finally {
      button.removeAttribute("aria-disabled");
    }
  }

  // -- the answer form ----------------------------------------------------------------------------
  const inputs = answerInputs(question, onInput);
  const validate = h("button", { type: "submit", class: "primary", text: "Je valide", "aria-describedby": "need-answer" });
  const skip = h("button", { type: "button", text: "Je passe", onclick: askSkip });
  const need = h("p", { class: "hint need-answer", id: "need-answer", text: "Répondez pour pouvoir valider, ou choisissez «\u00a0Je passe\u00a0»." });
  const formMessage = h("div", { class: "message", role: "status" });
  const form = h("form", { class: "answer", novalidate: true, onsubmit: onSubmit },
    inputs.element,
    formMessage,
    h("div", { class: "actions" }, validate, skip),
    need);
  const reportButton = h("button", { type: "button", class: "link report", text: "Signaler un problème", onclick: askReport });
  const reportStatus = h("p", { class: "report-status", role: "status" });
  const ALERT_WORDS = {
    open: "Le surveillant a été prévenu\u00a0: il va venir vous voir. Vous pouvez continuer en l'attendant.",
    dismissed: "Le surveillant a examiné votre signalement\u00a0: continuez avec cette question.",
  };
  /** The invigilator's answer to this question's alert (the latest alert of the candidate). */
  const showAlert = (alert) => {
    if (alert && alert.question_number === question.index && ALERT_WORDS[alert.status]
        && reportStatus.textContent !== ALERT_WORDS[alert.status]) {
      reportStatus.textContent = ALERT_WORDS[alert.status];
    }
  };

  if (draft.value !== null) inputs.restore(draft.value);
  refreshValidate();

  function refreshValidate() {
    const complete = inputs.complete();
    validate.disabled = !complete && !busy;
    need.hidden = complete;
  }

  function onInput() {
    draft.value = inputs.value();
    persist();
    if (formMessage.classList.contains("error")) showFormMessage("");
    refreshValidate();
  }

  function showFormMessage(text, kind = "") {
    formMessage.className = `message ${kind}`.trim();
    formMessage.textContent = text;
  }

  function setBusy(on, text = "") {
    busy = on;
    if (on && inputs.element.contains(document.activeElement)) validate.focus();
    inputs.element.disabled = on;
    for (const button of [validate, skip, reportButton]) {
      if (on) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }
    form.setAttribute("aria-busy", on ? "true" : "false");
    showFormMessage(text, on ? "note" : "");
    refreshValidate();
  }

  function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    if (!inputs.complete()) {
      showFormMessage("Répondez avant de valider, ou choisissez «\u00a0Je passe\u00a0».", "error");
      return;
    }
    give({ value: inputs.value() });
  }

  async function askSkip() {
    if (busy) return;
    const dialog = document.getElementById("skip-dialog");
    const choice = await openDialog(dialog, document.getElementById("skip-cancel"));
    if (choice === "confirm" && !destroyed) give({ skip: true });
  }

  /** Give the answer to the outbox: kept on this PC, then sent; the next screen follows at once. */
  async function give(answer) {
    if (busy) return;
    setBusy(true, answer.skip ? "Passage à la question suivante…" : "Enregistrement de votre réponse…");
    try {
      await ctx.give({ answer_id: draft.answerId, challenge_id: question.challenge_id, index: question.index,
        ...answer, shown_ms: Date.now() - draft.shownAt, focus_lost: draft.focusLost });
    } catch {
      setBusy(false);
      showFormMessage("Votre réponse n'a pas pu être gardée sur ce PC. Réessayez\u00a0; si cela continue, appelez le surveillant.", "error");
      focusOn(formMessage);
    }
  }

  async function askReport() {
    if (busy) return;
    const dialog = document.getElementById("report-dialog");
    const message = document.getElementById("report-message");
    message.value = "";
    const choice = await openDialog(dialog, message);
    if (choice !== "confirm" || destroyed) return;
    reportStatus.textContent = "Envoi du signalement…";
    try {
      await api.withRetry(async () => {
        await ctx.link.whenUp();
        return api.post(`${API}/candidate/report`,
          { challenge_id: question.challenge_id, message: message.value.trim().slice(0, 500) }, ctx.token);
      });
      if (!destroyed) reportStatus.textContent = ALERT_WORDS.open;
    } catch (error) {
      if (error.status === 401) return ctx.loggedOut(error);
      if (STALE_CODES.has(error.code)) return ctx.refresh(error.message);
      reportStatus.textContent = `${error.message} Levez la main pour appeler le surveillant.`;
    }
  }

  // -- put it on screen ----------------------------------------------------------------------------
  const section = h("section", { class: "question", "aria-labelledby": "question-title",
    dataset: { challengeId: question.challenge_id, type: question.type, index: String(question.index) } },
  h("h2", { id: "question-title", class: "visually-hidden", text: "Énoncé" }),
  timerBox, focusBox, instruction, illustration, files, form,
  h("div", { class: "report-area" }, reportButton, reportStatus));
  ctx.main.replaceChildren(statusbar, section);
  showAlert(state.alert);
  clock.render();
  const tick = setInterval(() => {
    clock.render();
    renderTimer();
  }, 1000);
  focusOn(heading);
  announce(`Question ${question.index} sur ${state.total}.`);

  return {
    update(next) {
      clock.set(next);
      clock.render();
      showAlert(next.alert);
    },
    destroy() {
      destroyed = true;
      clearInterval(tick);
      cleanups.forEach((cleanup) => cleanup());
      blobUrls.forEach((url) => URL.revokeObjectURL(url));
    },
  };
}

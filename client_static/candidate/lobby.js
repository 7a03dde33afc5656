// The screens around the test: waiting for presence, typing the access code, waiting for a
// resume to be authorised, and the end screen the invigilator must see.

import * as api from "../shared/api.js";
import { ACCESS_CODE_SHAPE, API, ATTEMPT, ERROR, SESSION } from "../shared/constants.js";
import { focusOn, h, uid } from "../shared/dom.js";
import { spokenDuration } from "../shared/format.js";

const fullName = (state) => `${state.first_name} ${state.last_name}`;

function notMe(ctx) {
  return h("p", { class: "not-me" },
    h("button", { type: "button", class: "link", text: "Ce n'est pas moi / changer de candidat", onclick: () => ctx.switchCandidate() }));
}

function card(ctx, ...children) {
  const section = h("section", { class: "card" }, ...children);
  ctx.main.replaceChildren(section);
  return section;
}

/** Another browser asks to take this candidate's place: said on this (the candidate's own) page. */
function takeOver() {
  const box = h("div", { class: "message error take-over", role: "alert", hidden: true });
  const show = (state) => {
    box.hidden = !state.resume_requested;
    box.textContent = state.resume_requested
      ? "Un autre poste demande à se connecter à votre nom. Si ce n'est pas vous, levez la main : le surveillant décide." : "";
  };
  return { box, show };
}

/** status "enrolled": the invigilator has not confirmed presence yet. */
export function waitingScreen(ctx, state) {
  const heading = h("h1", { text: "Le surveillant va confirmer votre présence" });
  const other = takeOver();
  other.show(state);
  card(ctx, heading, other.box,
    h("p", { class: "lead", text: `Bonjour ${fullName(state)}.` }),
    h("p", { text: "Restez à votre place. Cette page passe toute seule à l'étape suivante dès que le surveillant a confirmé votre présence." }),
    h("p", { class: "hint", text: `Session n°\u00a0${state.session_number}` }),
    notMe(ctx));
  focusOn(heading);
  return { update: other.show };
}

export const ENTRY_CLOSED_TEXT = "L'entrée est fermée\u00a0: la session a commencé sans que votre présence soit confirmée. "
  + "Allez voir le surveillant.";

/** A refusal that closes the entry for good: late, or not confirmed before the start. */
export const isEntryClosed = (error) => error.code === ERROR.ENTRY_CLOSED || error.code === ERROR.LATE_ARRIVAL;

/** The session started before this candidate's presence was confirmed (a late pupil): no test
 * can start any more; said plainly, with the one thing to do. message: the server's, if any. */
export function entryClosedScreen(ctx, state, message = "") {
  const heading = h("h1", { text: "L'entrée est fermée" });
  card(ctx, heading,
    state ? h("p", { class: "lead", text: `${fullName(state)}, la session a commencé sans que votre présence soit confirmée.` }) : null,
    h("div", { class: "message error", role: "alert", text: message || ENTRY_CLOSED_TEXT }),
    h("p", { text: "Vous ne pouvez pas commencer le test sur ce poste. Levez la main ou allez voir le surveillant\u00a0: "
      + "lui seul peut vous dire ce qui est possible." }),
    state ? h("p", { class: "hint", text: `Session n°\u00a0${state.session_number}` }) : null,
    notMe(ctx));
  focusOn(heading);
  return {};
}

/** Test time, and from when it counts: the invigilator's start, not the candidate's first question. */
function timeRule(state) {
  const allowed = Number.isFinite(state.allowed_s) && state.allowed_s > 0 ? spokenDuration(state.allowed_s) : null;
  return allowed
    ? `Votre temps de test, ${allowed}, compte à partir du démarrage de la session par le surveillant, `
      + "et non à partir du moment où vous commencez."
    : "Le temps de test compte à partir du démarrage de la session par le surveillant, et non à partir du moment où vous commencez.";
}

/** status "present": type the access code (given when the invigilator starts the session). */
export function codeScreen(ctx, state) {
  const heading = h("h1", { text: "Votre présence est confirmée" });
  const when = h("p", { class: "lead" });
  const rule = h("p", { class: "time-rule" });
  const inputId = uid("code");
  const hintId = uid("hint");
  const errorId = uid("error");
  const input = h("input", { id: inputId, type: "text", class: "access-code", autocomplete: "off", spellcheck: "false",
    autocapitalize: "characters", maxlength: 9, size: 9, "aria-describedby": hintId });
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const message = h("div", { class: "message", role: "status" });
  const submit = h("button", { type: "submit", class: "primary", text: "Commencer le test" });
  const form = h("form", { class: "code", novalidate: true, onsubmit: onSubmit },
    h("div", { class: "field" },
      h("label", { for: inputId, text: "Code d'accès" }),
      h("p", { class: "hint", id: hintId, text: "4 lettres puis 2 chiffres, recopiés depuis le tableau." }),
      error, input),
    message,
    h("div", { class: "actions" }, submit));
  const other = takeOver();
  card(ctx, heading, other.box, when, rule, form, notMe(ctx));

  input.addEventListener("input", () => {
    const caret = input.selectionStart;
    input.value = input.value.toUpperCase();
    if (caret !== null) input.setSelectionRange(caret, caret);
    if (!error.hidden) setError("");
  });

  const showWhen = (s) => {
    when.textContent = s.session_status === SESSION.CREATED
      ? "Le surveillant écrira le code d'accès au tableau quand tout le monde sera prêt. Patientez."
      : "Le code d'accès est au tableau\u00a0: recopiez-le ci-dessous, puis commencez le test.";
    rule.textContent = timeRule(s);
  };
  showWhen(state);
  other.show(state);
  focusOn(heading);

  function setError(text) {
    error.hidden = !text;
    error.textContent = text;
    input.setAttribute("aria-invalid", text ? "true" : "false");
    input.setAttribute("aria-describedby", text ? `${hintId} ${errorId}` : hintId);
  }

  function setMessage(text, kind = "") {
    message.className = `message ${kind}`.trim();
    message.textContent = text;
  }

  let sending = false;
  async function onSubmit(event) {
    event.preventDefault();
    if (sending) return;
    setMessage("");
    const code = input.value.replace(/[\s-]/g, "").toUpperCase();
    if (!ACCESS_CODE_SHAPE.test(code)) {
      setError("Le code d'accès a 4 lettres puis 2 chiffres (6 caractères). Recopiez-le depuis le tableau.");
      input.focus();
      return;
    }
    sending = true;
    submit.setAttribute("aria-disabled", "true");
    setMessage("Vérification du code…", "note");
    ctx.beginAction();
    try {
      const next = await api.withRetry(() => api.post(`${API}/candidate/start`, { access_code: code }, ctx.token),
        { onRetry: (e) => ctx.banner.lost(e) });
      ctx.banner.restored();
      ctx.endAction();
      ctx.apply(next);
    } catch (e) {
      ctx.endAction();
      sending = false;
      submit.removeAttribute("aria-disabled");
      setMessage("");
      if (e.status === 401) return ctx.loggedOut(e);
      if (e.code === ERROR.PRESENCE_NOT_CONFIRMED || e.code === ERROR.RESUME_NOT_AUTHORISED) return ctx.refresh(e.message);
      if (isEntryClosed(e)) return entryClosedScreen(ctx, state, e.message);
      if (e.code === ERROR.SESSION_NOT_STARTED) {
        setMessage(e.message, "note");
        return;
      }
      setError(e.message);
      input.focus();
      input.select();
    }
  }

  return { update: (s) => { showWhen(s); other.show(s); } };
}

/** status "awaiting_resume": another browser already holds this identity (the test may have
 * started there); the invigilator must authorise this one. */
export function resumeScreen(ctx, state) {
  const started = state.total > 0;
  const heading = h("h1", { text: "Levez la main\u00a0: le surveillant doit autoriser la reprise" });
  card(ctx, heading,
    h("p", { class: "lead", text: started
      ? `${fullName(state)}, votre test a déjà commencé sur un autre poste ou dans un autre navigateur.`
      : `${fullName(state)}, vous êtes déjà connecté sur un autre poste ou dans un autre navigateur.` }),
    h("p", { text: started
      ? "Dès que le surveillant aura autorisé la reprise, vous retrouverez la question où vous en étiez. Cette page se met à jour toute seule."
      : "Le surveillant vérifie votre identité puis autorise ce poste-ci. Cette page se met à jour toute seule." }),
    h("p", { class: "hint", text: `Session n°\u00a0${state.session_number}` }),
    notMe(ctx));
  focusOn(heading);
  return {};
}

/** status "ended" / "ended_by_invigilator" (or a session closed under the candidate).
 * The invigilator must see this screen; once they noted it (end_screen_seen), it says so. */
export function endScreen(ctx, state) {
  const heading = h("h1", { text: "Votre test est terminé." });
  const reason = state.status === ATTEMPT.ENDED_BY_INVIGILATOR
    ? "Le surveillant a mis fin à votre test."
    : state.status === ATTEMPT.IN_TEST ? "La session a été close par le surveillant." : null;
  const call = h("div", { class: "call-box", role: "status" });
  const answered = h("dd");
  const stay = h("p", { class: "hint", text: "Ne fermez pas cette page." });
  const showSeen = (s) => {
    answered.textContent = `${s.answered} / ${s.total}`;
    const seen = Boolean(s.end_screen_seen);
    if (call.dataset.seen === String(seen)) return;
    call.dataset.seen = String(seen);
    stay.hidden = seen;
    call.replaceChildren(...(seen
      ? [h("p", { class: "call seen", text: "Le surveillant a bien vu cet écran. Vous pouvez quitter la salle." })]
      : [h("p", { class: "call", text: "Montrez cet écran au surveillant." }),
        h("p", { text: "Levez la main et appelez le surveillant\u00a0: il doit voir cet écran." })]));
  };
  showSeen(state);
  card(ctx, heading,
    call,
    reason ? h("p", { class: "reason", text: reason }) : null,
    h("dl", { class: "summary-list" },
      h("dt", { text: "Candidat" }), h("dd", { text: fullName(state) }),
      h("dt", { text: "Session" }), h("dd", { text: `n°\u00a0${state.session_number}` }),
      h("dt", { text: "Questions traitées" }), answered),
    stay,
    releasePC(ctx));
  ctx.main.firstElementChild.classList.add("end");
  focusOn(heading);
  return { update: showSeen };
}

/** For the next session on this PC: two steps, so that the end screen is not left by mistake. */
function releasePC(ctx) {
  const confirm = h("button", { type: "button", class: "small", hidden: true,
    text: "Oui, le surveillant a vu cet écran\u00a0: libérer ce poste", onclick: () => ctx.switchCandidate({ keepSessionNumber: false }) });
  const ask = h("button", { type: "button", class: "link", text: "Un autre candidat va utiliser ce poste",
    "aria-expanded": "false", onclick: () => {
      confirm.hidden = false;
      ask.setAttribute("aria-expanded", "true");
      confirm.focus();
    } });
  return h("div", { class: "release" }, ask, " ", confirm);
}

/** status "moved": the invigilator let the test go on on another PC. Nothing is sent from here. */
export function movedScreen(ctx, state) {
  const started = state.total > 0;
  const heading = h("h1", { text: started ? "Votre test continue sur un autre poste" : "Vous continuez sur un autre poste" });
  card(ctx, heading,
    h("p", { class: "lead", text: started
      ? `${fullName(state)}, le surveillant a autorisé la reprise de votre test sur un autre poste.`
      : `${fullName(state)}, le surveillant a autorisé un autre poste à votre nom.` }),
    h("p", { text: "Ce poste n'enregistre plus rien pour vous. Continuez sur le poste où votre test a repris\u00a0; en cas de doute, levez la main." }),
    h("p", { class: "hint", text: `Session n°\u00a0${state.session_number}` }),
    notMe(ctx));
  focusOn(heading);
  return {};
}

/** The test was opened on another PC and the invigilator has not decided yet: this PC waits. */
export function elsewhereScreen(ctx, state) {
  const heading = h("h1", { text: "Votre test a été ouvert sur un autre poste" });
  card(ctx, heading,
    h("p", { class: "lead", text: `${fullName(state)}, une reprise de votre test sur un autre poste a été demandée\u00a0: le surveillant doit l'autoriser.` }),
    h("p", { text: "En attendant, ce poste ne peut plus répondre (la question affichée là-bas sera celle que vous avez laissée ici). Vos réponses déjà données sont gardées. Levez la main." }),
    h("p", { class: "not-me" },
      h("button", { type: "button", class: "link", text: "Je suis bien à ce poste\u00a0: reprendre ici (le surveillant l'autorisera)",
        onclick: () => ctx.switchCandidate() })));
  focusOn(heading);
  return {};
}

/** Every question the page holds is answered: the answers wait on this PC for the server. */
export function sendingScreen(ctx, state) {
  const heading = h("h1", { text: "Vos réponses sont gardées sur ce PC" });
  const progress = h("p", { class: "hint" });
  const show = (s) => { progress.textContent = `Questions traitées\u00a0: ${s.answered} / ${s.total}`; };
  show(state);
  card(ctx, heading,
    h("p", { class: "lead", text: "La suite s'affichera dès que le serveur de salle aura reçu vos réponses." }),
    h("p", { text: "Restez sur cette page\u00a0: elle reprend toute seule." }),
    progress);
  focusOn(heading);
  return { update: show };
}

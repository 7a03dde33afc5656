// The candidate page: one loop that reads the state from the server and shows the screen
// that goes with it. It works offline-first (docs/offline.md):
// - answers wait in IndexedDB until the server acknowledges them (outbox.js), so a blip, a
//   restart of the server or a reload never loses one nor gives it twice;
// - in the classic algorithm the server sends the next question ahead (with its files): a
//   candidate goes on with it while the server cannot be reached;
// - the last state read is kept, so a reload during an outage (served by the service worker
//   over HTTPS or on localhost) shows the test again;
// - a calm banner says when the server cannot be reached, and goes away by itself.
// An answer's acknowledgement carries the state (next question included): no read after it.
// A heartbeat (every 5 s) says the page is still there and tells it when its state changed;
// the slow polling below is only the fallback.

import * as api from "../shared/api.js";
import { ConnectionBanner } from "../shared/connection.js";
import { API, ATTEMPT, ERROR, SESSION } from "../shared/constants.js";
import { h } from "../shared/dom.js";
import { prefetch } from "./files.js";
import { startHeartbeat } from "./heartbeat.js";
import { joinScreen } from "./join.js";
import { Link, unreachable } from "./link.js";
import {
  codeScreen, elsewhereScreen, endScreen, entryClosedScreen, isEntryClosed, movedScreen, resumeScreen, sendingScreen, waitingScreen,
} from "./lobby.js";
import { Outbox } from "./outbox.js";
import { clearDraft, currentLogin, forgetLogin, loadGiven, loadState, saveGiven, saveLogin, saveState } from "./storage.js";
import { questionScreen } from "./test.js";

// Fallback reads: the heartbeat normally asks for a read as soon as something changed.
const POLL_MS = { waiting: 15000, code: 15000, resume: 15000, elsewhere: 10000, question: 30000, sending: 10000,
  end: 30000, closed: 30000 };
const FINISHED_SESSION = new Set([SESSION.CLOSED, SESSION.FINALISED, SESSION.SYNCED]);

// A service worker can show the page without the server (HTTPS, or localhost): then a reload
// during an outage is safe. Over plain HTTP on the LAN the banner asks not to reload.
const canReload = "serviceWorker" in navigator && window.isSecureContext;
if (canReload) navigator.serviceWorker.register("/static/candidate/sw.js", { scope: "/" }).catch(() => {});

const main = document.getElementById("main");
const who = document.getElementById("who");
const stay = canReload ? "" : " Ne rechargez pas la page tant que ce message est affiché.";
const banner = new ConnectionBanner(document.getElementById("connection"), {
  lostText: `Le serveur de salle est injoignable pour le moment\u00a0: vos réponses sont gardées sur ce PC et partiront dès son retour. Vous pouvez continuer.${stay}`,
  serverText: `Le serveur de salle ne répond pas correctement\u00a0: vos réponses sont gardées sur ce PC, nouvel essai dans un instant.${stay}`,
});
const link = new Link(banner, { canReload });
const notice = h("div", { class: "message note notice", role: "status" });
main.before(notice);

let login = currentLogin(); // {sessionNumber, token, owner} or null
let screen = null; // {key, update?(state), destroy?()}
let pollTimer = null;
let epoch = 0; // bumped by every action: a state read begun before it is stale
let actions = 0; // actions in flight: polling waits
let lastState = null; // the state from the server, to tell what changed (notices) and when to read again
let queued = []; // answers kept on this PC, not yet acknowledged
// Questions answered on this page that the last state from the server may not show as answered
// yet (kept, or acknowledged a moment ago): never shown again, whatever the order of the replies.
let given = new Set(login ? loadGiven(login.sessionNumber) : []);
let heartbeat = null;
let reading = false; // a background read is in flight
let ackedState = null; // the state carried by the last acknowledged answer

const outbox = new Outbox(link, () => login, {
  onAcked(entry, reply) {
    notice.textContent = notice.dataset.trouble ? "" : notice.textContent;
    delete notice.dataset.trouble;
    ackedState = (reply && reply.state) || null;
  },
  onRefused(entry, error) {
    ackedState = null;
    forget(entry.challenge_id);
    syncQueue().then(() => refresh(`Votre réponse à la question ${entry.index} n'a pas été enregistrée\u00a0: ${error.message}`));
  },
  onHeld() {
    ackedState = null;
    syncQueue().then(() => refresh());
  },
  onLoggedOut: (error) => loggedOut(error),
  onTrouble(error) {
    notice.dataset.trouble = "1";
    notice.textContent = `${error.message} Votre réponse est gardée sur ce PC\u00a0: nouvel essai dans un instant.`;
  },
  onDrained() {
    // The last reply carried the state (next question included): no read after the answers.
    const state = ackedState;
    ackedState = null;
    syncQueue().then(() => (state ? settle(state) : refresh()));
  },
});

const ctx = {
  main,
  banner,
  link,
  get token() { return login && login.token; },
  get sessionNumber() { return login && login.sessionNumber; },
  beginAction() {
    actions += 1;
    epoch += 1;
    clearTimeout(pollTimer);
  },
  endAction() {
    actions = Math.max(0, actions - 1);
  },
  apply,
  refresh,
  loggedOut,
  switchCandidate,
  give,
  joined(sessionNumber, token, candidateId) {
    saveLogin(sessionNumber, token, candidateId);
    login = currentLogin() || { sessionNumber: String(sessionNumber), token, owner: `${sessionNumber}/${candidateId}` };
    given = new Set(loadGiven(login.sessionNumber));
    refresh();
    startBeating();
  },
};

async function syncQueue() {
  queued = await outbox.pending().catch(() => queued);
}

/** An answer given: kept on this PC first, then the next screen, then sent. */
async function give(entry) {
  epoch += 1; // a state read already on its way is from before this answer
  given.add(entry.challenge_id);
  saveGiven(login.sessionNumber, [...given]);
  try {
    await outbox.add(entry);
  } catch (error) {
    forget(entry.challenge_id);
    throw error;
  }
  clearDraft(login.sessionNumber);
  await syncQueue();
  if (lastState) render(lastState);
}

function forget(challengeId) {
  given.delete(challengeId);
  if (login) saveGiven(login.sessionNumber, [...given]);
}

/** The screen for the server's state, with the answers still on this PC taken into account. */
function screenFor(state) {
  switch (state.status) {
    // Not confirmed before the start: the entry is closed (the server also says so, entry_closed).
    case ATTEMPT.ENROLLED: return { name: state.session_status === SESSION.CREATED ? "waiting" : "closed" };
    case ATTEMPT.PRESENT: return { name: "code" };
    case ATTEMPT.AWAITING_RESUME: return { name: "resume" };
    case ATTEMPT.MOVED: return { name: "moved" };
    case ATTEMPT.IN_TEST: {
      if (!state.question || FINISHED_SESSION.has(state.session_status)) return { name: "end" };
      if (state.resume_requested) return { name: "elsewhere" };
      const done = new Set([...given, ...queued.map((entry) => entry.challenge_id)]);
      const held = [state.question, state.next_question].filter(Boolean);
      const answered = state.answered + held.filter((question) => done.has(question.challenge_id)).length;
      for (const question of held) {
        if (!done.has(question.challenge_id)) {
          return { name: "question", state: { ...state, question, answered } };
        }
      }
      return { name: "sending", state: { ...state, answered } }; // every question held is answered
    }
    default: return { name: "end" }; // ended, ended_by_invigilator
  }
}

const SCREENS = { waiting: waitingScreen, closed: entryClosedScreen, code: codeScreen, resume: resumeScreen, question: questionScreen, end: endScreen,
  moved: movedScreen, elsewhere: elsewhereScreen, sending: sendingScreen };

let pendingNotice = "";
const REPLACED = "Cette question a été remplacée par une autre.";

/** What the invigilator changed since the last state shown, in calm words. */
function changesSince(previous, state, screenName) {
  const said = [];
  if (!previous) return said;
  const added = (state.added_s || 0) - (previous.added_s || 0);
  if (added > 0 && screenName !== "end") { // once the test is over, added time no longer matters
    const minutes = Math.round(added / 60);
    said.push(`Le surveillant vous a accordé ${minutes} minute${minutes > 1 ? "s" : ""} supplémentaire${minutes > 1 ? "s" : ""}.`);
  }
  const alert = state.alert;
  const before = previous.alert;
  if (alert && alert.status === "validated" && alert.replaced
      && !(before && before.question_number === alert.question_number && before.status === "validated")) {
    said.push(REPLACED);
  }
  return said;
}

/** A state from the server: keep it (for a reload without the server) and show it. */
function apply(state) {
  // What the server now shows as answered no longer needs remembering here.
  const held = new Set([state.question, state.next_question].filter(Boolean).map((q) => q.challenge_id));
  for (const challengeId of [...given]) if (!held.has(challengeId)) forget(challengeId);
  if (login) saveState(login.sessionNumber, state);
  if (login && state.status === ATTEMPT.IN_TEST) prefetch(login.token, [state.question, state.next_question]);
  if (state.status === ATTEMPT.MOVED) outbox.kick(); // what is still here is refused, and said so
  if (!state.resume_requested && outbox.held) outbox.release();
  render(state);
}

/** Show the screen for `state` (or just update the one on display). */
function render(state) {
  clearTimeout(pollTimer);
  who.textContent = `${state.first_name} ${state.last_name} — session n°\u00a0${state.session_number}`;
  const { name, state: shown = state } = screenFor(state);
  const said = changesSince(lastState, state, name);
  lastState = state;
  const key = name === "question" ? `question:${shown.question.challenge_id}` : name;
  if (screen && screen.key === key) {
    if (screen.update) screen.update(shown);
    if (said.length) notice.textContent = said.join(" ");
  } else {
    const previous = screen;
    if (previous && previous.destroy) previous.destroy();
    if (previous && previous.key.startsWith("question:") && name === "question"
        && previous.index === shown.question.index && !said.includes(REPLACED)) {
      said.push(REPLACED);
    }
    if (said.length || pendingNotice || !notice.dataset.trouble) {
      notice.textContent = [pendingNotice, ...said].filter(Boolean).join(" ");
      delete notice.dataset.trouble;
    }
    pendingNotice = "";
    screen = { key, index: shown.question ? shown.question.index : null, ...SCREENS[name](ctx, shown) };
  }
  if (POLL_MS[name]) schedule(POLL_MS[name]);
}

// -- the heartbeat ---------------------------------------------------------------------------------

function startBeating() {
  if (heartbeat || !login) return;
  heartbeat = startHeartbeat({
    token: () => (login ? login.token : null),
    link,
    onReply(reply) {
      if (sending()) outbox.kick(); // the server is back: what waits on this PC goes first
      if (!lastState || reply.version !== lastState.version || reply.status !== lastState.status
          || reply.session_status !== lastState.session_status) {
        readNow();
      }
    },
    // A refused beat does not end the screen by itself: the next state read (fallback poll)
    // or action gets the same refusal, with the server's message, and goes back to the join form.
    onRefused() {
      heartbeat = null;
      readNow();
    },
  });
}

function stopBeating() {
  if (heartbeat) heartbeat.stop();
  heartbeat = null;
}

/** Answers are on their way: the state comes with the last one's acknowledgement (not while a pending resume holds them). */
const sending = () => queued.length > 0 && !outbox.held;

/** Read the state now (the heartbeat saw a change), unless a read, an action or answers are on their way. */
function readNow() {
  if (reading) return;
  if (actions || sending()) return schedule(1000);
  poll();
}

function schedule(ms) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, ms);
}

/** GET the state, once the link is up (the beat that says how long it was down goes first). */
async function readState() {
  await link.whenUp();
  const startedAt = Date.now();
  try {
    return await api.get(`${API}/candidate/state`, login.token);
  } catch (error) {
    if (unreachable(error)) link.lost(error, startedAt);
    throw error;
  }
}

/** A background read: one try, then the next poll is the retry. */
async function poll() {
  if (!login) return;
  if (actions || sending()) {
    if (sending()) outbox.kick();
    return schedule(sending() ? 3000 : 1000);
  }
  const started = epoch;
  reading = true;
  try {
    const state = await readState();
    if (started !== epoch || actions || sending()) return schedule(1000);
    apply(state);
  } catch (error) {
    if (started !== epoch) return schedule(1000);
    if (error.retryable) return schedule(5000);
    handleError(error);
  } finally {
    reading = false;
  }
}

/** A state the server just gave with an acknowledgement: shown as a fresh read would be. */
function settle(state) {
  if (!login) return showJoin();
  clearTimeout(pollTimer);
  epoch += 1;
  apply(state);
}

/** Read the state now, retrying until the server answers; `message` is shown on the next screen. */
async function refresh(message = "") {
  if (!login) return showJoin();
  if (message) pendingNotice = [pendingNotice, message].filter(Boolean).join(" ");
  clearTimeout(pollTimer);
  epoch += 1;
  const started = epoch;
  try {
    const state = await api.withRetry(readState, { maxMs: 10000 });
    if (started !== epoch) return;
    apply(state);
  } catch (error) {
    if (started !== epoch) return;
    handleError(error);
  }
}

/** The server refuses this candidate for good (entry_closed): said plainly, the join form one click away. */
function entryClosed(message) {
  clearTimeout(pollTimer);
  if (screen && screen.key === "closed") return;
  if (screen && screen.destroy) screen.destroy();
  screen = { key: "closed", index: null, ...entryClosedScreen(ctx, lastState, message) };
}

function handleError(error) {
  if (error.status === 401 || error.code === ERROR.UNAUTHORISED) return loggedOut(error);
  if (isEntryClosed(error)) return entryClosed(error.message);
  notice.textContent = error.message;
  schedule(10000);
}

function leaveScreen() {
  clearTimeout(pollTimer);
  stopBeating();
  lastState = null;
  epoch += 1;
  if (screen && screen.destroy) screen.destroy();
  screen = null;
  who.textContent = "";
  notice.textContent = "";
}

function showJoin(options = {}) {
  leaveScreen();
  link.back();
  joinScreen(ctx, options);
}

/** The token is no longer valid (the data was reset, or a new join elsewhere): join again. */
function loggedOut(error) {
  const sessionNumber = login ? login.sessionNumber : "";
  forgetLogin();
  login = null;
  showJoin({ message: error.message, sessionNumber });
}

/** "Ce n'est pas moi" keeps the session number typed; releasing the PC after the end does not. */
function switchCandidate({ keepSessionNumber = true } = {}) {
  const sessionNumber = login && keepSessionNumber ? login.sessionNumber : "";
  if (login && keepSessionNumber) {
    // Before the start: the server forgets this browser, so the row is "pas encore connecté" again
    // and the real candidate's first browser needs nobody. Best effort: offline, nothing is lost.
    api.post(`${API}/candidate/leave`, undefined, login.token).catch(() => {});
  }
  forgetLogin();
  login = null;
  showJoin({ sessionNumber });
}

async function boot() {
  if (!login) return showJoin();
  await syncQueue();
  const kept = loadState(login.sessionNumber);
  if (kept) render(kept); // at once, even without the server: then the server's own state
  startBeating();
  if (queued.length) outbox.kick(); // answers given before the reload go first; the last reply brings the state
  else refresh();
}

boot();

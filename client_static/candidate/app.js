// The candidate page: one loop that reads the state from the server and shows the screen
// that goes with it. The server knows where the candidate is; this page only remembers the
// token (and the answer being typed), so a reload lands on the same question.
// A heartbeat (every 5 s) says the page is still there and tells it when its state changed
// (the invigilator added time, replaced a question, ended the test, saw the end screen):
// the state is then read at once. The slow polling below is only the fallback.

import * as api from "../shared/api.js";
import { ConnectionBanner } from "../shared/connection.js";
import { API, ATTEMPT, ERROR, SESSION } from "../shared/constants.js";
import { h } from "../shared/dom.js";
import { startHeartbeat } from "./heartbeat.js";
import { joinScreen } from "./join.js";
import { codeScreen, endScreen, resumeScreen, waitingScreen } from "./lobby.js";
import { currentLogin, forgetLogin, saveLogin } from "./storage.js";
import { questionScreen } from "./test.js";

// Fallback reads: the heartbeat normally asks for a read as soon as something changed.
const POLL_MS = { waiting: 15000, code: 15000, resume: 15000, question: 30000, end: 30000 };
const FINISHED_SESSION = new Set([SESSION.CLOSED, SESSION.FINALISED, SESSION.SYNCED]);

const main = document.getElementById("main");
const who = document.getElementById("who");
const banner = new ConnectionBanner(document.getElementById("connection"), {
  lostText: "Connexion au serveur perdue : vos réponses sont gardées, nouvel essai…",
  serverText: "Le serveur de salle ne répond pas correctement : vos réponses sont gardées, nouvel essai…",
});
const notice = h("div", { class: "message note notice", role: "status" });
main.before(notice);

let login = currentLogin(); // {sessionNumber, token} or null
let screen = null; // {key, update?(state), destroy?()}
let pollTimer = null;
let pollFailures = 0;
let epoch = 0; // bumped by every action: a state read begun before it is stale
let actions = 0; // actions in flight: polling waits
let lastState = null; // the state on screen, to tell what changed (notices) and when to read again
let heartbeat = null;
let reading = false; // a background read is in flight

const ctx = {
  main,
  banner,
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
  joined(sessionNumber, token) {
    saveLogin(sessionNumber, token);
    login = currentLogin() || { sessionNumber: String(sessionNumber), token };
    refresh();
    startBeating();
  },
};

function screenFor(state) {
  switch (state.status) {
    case ATTEMPT.ENROLLED: return "waiting";
    case ATTEMPT.PRESENT: return "code";
    case ATTEMPT.AWAITING_RESUME: return "resume";
    case ATTEMPT.IN_TEST:
      return state.question && !FINISHED_SESSION.has(state.session_status) ? "question" : "end";
    default: return "end"; // ended, ended_by_invigilator
  }
}

const SCREENS = { waiting: waitingScreen, code: codeScreen, resume: resumeScreen, question: questionScreen, end: endScreen };

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

/** Show the screen for `state` (or just update the one on display). */
function apply(state) {
  clearTimeout(pollTimer);
  who.textContent = `${state.first_name} ${state.last_name} — session n° ${state.session_number}`;
  const name = screenFor(state);
  const said = changesSince(lastState, state, name);
  lastState = state;
  const key = name === "question" ? `question:${state.question.challenge_id}` : name;
  if (screen && screen.key === key) {
    if (screen.update) screen.update(state);
    if (said.length) notice.textContent = said.join(" ");
  } else {
    const previous = screen;
    if (previous && previous.destroy) previous.destroy();
    if (previous && previous.key.startsWith("question:") && name === "question"
        && previous.index === state.question.index && !said.includes(REPLACED)) {
      said.push(REPLACED);
    }
    notice.textContent = [pendingNotice, ...said].filter(Boolean).join(" ");
    pendingNotice = "";
    screen = { key, index: state.question ? state.question.index : null, ...SCREENS[name](ctx, state) };
  }
  if (POLL_MS[name]) schedule(POLL_MS[name]);
}

// -- the heartbeat ---------------------------------------------------------------------------------

function startBeating() {
  if (heartbeat || !login) return;
  heartbeat = startHeartbeat({
    token: () => (login ? login.token : null),
    onReply(reply) {
      banner.restored();
      if (!lastState || reply.version !== lastState.version || reply.status !== lastState.status
          || reply.session_status !== lastState.session_status) {
        readNow();
      }
    },
    onLost: (error) => banner.lost(error),
    // A refused beat does not end the screen by itself: the next state read (fallback poll)
    // or action gets the same refusal, with the server's message, and goes back to the join form.
    onRefused() {
      heartbeat = null;
    },
  });
}

function stopBeating() {
  if (heartbeat) heartbeat.stop();
  heartbeat = null;
}

/** Read the state now (the heartbeat saw a change), unless a read or an action is under way. */
function readNow() {
  if (reading) return;
  if (actions) return schedule(1000);
  poll();
}

function schedule(ms) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, ms);
}

const readState = () => api.get(`${API}/candidate/state`, login.token);

/** A background read: one try, then the next poll (with back-off) is the retry. */
async function poll() {
  if (!login) return;
  if (actions) return schedule(1000);
  const started = epoch;
  reading = true;
  try {
    const state = await readState();
    pollFailures = 0;
    banner.restored();
    if (started !== epoch || actions) return schedule(1000);
    apply(state);
  } catch (error) {
    if (started !== epoch) return schedule(1000);
    if (error.retryable) {
      banner.lost(error);
      pollFailures += 1;
      return schedule(api.backoff(pollFailures, 2000, 15000));
    }
    handleError(error);
  } finally {
    reading = false;
  }
}

/** Read the state now, retrying until the server answers; `message` is shown on the next screen. */
async function refresh(message = "") {
  if (!login) return showJoin();
  if (message) pendingNotice = message;
  clearTimeout(pollTimer);
  epoch += 1;
  const started = epoch;
  try {
    const state = await api.withRetry(readState, { onRetry: (error) => banner.lost(error) });
    banner.restored();
    if (started !== epoch) return;
    apply(state);
  } catch (error) {
    if (started !== epoch) return;
    handleError(error);
  }
}

function handleError(error) {
  if (error.status === 401 || error.code === ERROR.UNAUTHORISED) return loggedOut(error);
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
  joinScreen(ctx, options);
}

/** The token is no longer valid (another PC took over, or the data was reset): join again. */
function loggedOut(error) {
  const sessionNumber = login ? login.sessionNumber : "";
  forgetLogin();
  login = null;
  showJoin({ message: error.message, sessionNumber });
}

/** "Ce n'est pas moi" keeps the session number typed; releasing the PC after the end does not. */
function switchCandidate({ keepSessionNumber = true } = {}) {
  const sessionNumber = login && keepSessionNumber ? login.sessionNumber : "";
  forgetLogin();
  login = null;
  showJoin({ sessionNumber });
}

if (login) {
  refresh();
  startBeating();
} else {
  showJoin();
}

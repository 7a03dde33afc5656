// What this browser remembers between reloads: the candidate's token (one key per session),
// the last state read from the server (so that a reload during an outage shows the test
// again), and the answer being typed on the question on screen, so that nothing typed is
// ever lost. Answers given wait in IndexedDB (localdb.js) until the server has them.

import { storage } from "../shared/dom.js";

const PREFIX = "roomserver.candidate";
const CURRENT = `${PREFIX}.current`; // the session number of the last join on this PC

const tokenKey = (sessionNumber) => `${PREFIX}.token.${sessionNumber}`;
const whoKey = (sessionNumber) => `${PREFIX}.who.${sessionNumber}`;
const draftKey = (sessionNumber) => `${PREFIX}.draft.${sessionNumber}`;
const stateKey = (sessionNumber) => `${PREFIX}.state.${sessionNumber}`;
const givenKey = (sessionNumber) => `${PREFIX}.given.${sessionNumber}`;

/** {sessionNumber, token, owner} of the candidate last joined on this browser, or null.
 * owner names the candidate (session and id) for the answers kept on this PC. */
export function currentLogin() {
  const sessionNumber = storage.get(CURRENT);
  if (!sessionNumber) return null;
  const token = storage.get(tokenKey(sessionNumber));
  if (!token) return null;
  const who = storage.get(whoKey(sessionNumber));
  return { sessionNumber, token, owner: `${sessionNumber}/${who || token.slice(0, 12)}` };
}

export function saveLogin(sessionNumber, token, candidateId) {
  const previous = storage.get(CURRENT);
  if (previous && previous !== String(sessionNumber)) forgetLogin(); // a shared PC keeps one candidate only
  storage.set(tokenKey(sessionNumber), token);
  if (candidateId) storage.set(whoKey(sessionNumber), candidateId);
  storage.set(CURRENT, String(sessionNumber));
}

/** "Ce n'est pas moi": this browser forgets the candidate. */
export function forgetLogin() {
  const sessionNumber = storage.get(CURRENT);
  if (sessionNumber) {
    for (const key of [tokenKey, whoKey, draftKey, stateKey, givenKey]) storage.remove(key(sessionNumber));
  }
  storage.remove(CURRENT);
}

/** The last state the server sent (without solutions: what the page showed). */
export function loadState(sessionNumber) {
  return storage.getJSON(stateKey(sessionNumber));
}

export function saveState(sessionNumber, state) {
  storage.setJSON(stateKey(sessionNumber), state);
}

/** The challenge ids answered on this page that the kept state may not show as answered yet. */
export function loadGiven(sessionNumber) {
  const ids = storage.getJSON(givenKey(sessionNumber));
  return Array.isArray(ids) ? ids : [];
}

export function saveGiven(sessionNumber, ids) {
  storage.setJSON(givenKey(sessionNumber), ids);
}

/**
 * The draft of the question on screen:
 * {challengeId, answerId, shownAt (ms, this browser's clock), value, focusLost}.
 * Only one question is ever on screen, so one draft per session is enough.
 */
export function loadDraft(sessionNumber, challengeId) {
  const draft = storage.getJSON(draftKey(sessionNumber));
  return draft && draft.challengeId === challengeId ? draft : null;
}

export function saveDraft(sessionNumber, draft) {
  storage.setJSON(draftKey(sessionNumber), draft);
}

export function clearDraft(sessionNumber) {
  storage.remove(draftKey(sessionNumber));
}

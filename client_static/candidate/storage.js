// What this browser remembers between reloads: the candidate's token (one key per session)
// and the answer being typed on the current question, so that nothing typed is ever lost.

import { storage } from "../shared/dom.js";

const PREFIX = "roomserver.candidate";
const CURRENT = `${PREFIX}.current`; // the session number of the last join on this PC

const tokenKey = (sessionNumber) => `${PREFIX}.token.${sessionNumber}`;
const draftKey = (sessionNumber) => `${PREFIX}.draft.${sessionNumber}`;

/** {sessionNumber, token} of the candidate last joined on this browser, or null. */
export function currentLogin() {
  const sessionNumber = storage.get(CURRENT);
  if (!sessionNumber) return null;
  const token = storage.get(tokenKey(sessionNumber));
  return token ? { sessionNumber, token } : null;
}

export function saveLogin(sessionNumber, token) {
  const previous = storage.get(CURRENT);
  if (previous && previous !== String(sessionNumber)) forgetLogin(); // a shared PC keeps one candidate only
  storage.set(tokenKey(sessionNumber), token);
  storage.set(CURRENT, String(sessionNumber));
}

/** "Ce n'est pas moi": this browser forgets the candidate. */
export function forgetLogin() {
  const sessionNumber = storage.get(CURRENT);
  if (sessionNumber) {
    storage.remove(tokenKey(sessionNumber));
    storage.remove(draftKey(sessionNumber));
  }
  storage.remove(CURRENT);
}

/**
 * The draft of the question on screen:
 * {challengeId, answerId, shownAt (ms, this browser's clock), value, sending: null | request body}.
 * Only one question is ever current, so one draft per session is enough.
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

// The page's sign of life: POST /api/v1/candidate/heartbeat every interval_s (5 s). It tells
// the invigilators' dashboard that this PC is still there, and its reply ({version, status,
// session_status, interval_s}) says whether the candidate's state changed (time added, a
// question replaced, the test ended by the invigilator, the end screen seen): the page then
// reads its state again at once. Nothing is journaled by a beat; it is cheap and never retried:
// the next beat is the retry.

import * as api from "../shared/api.js";
import { API } from "../shared/constants.js";

const DEFAULT_INTERVAL_S = 5;
const MIN_INTERVAL_S = 2;
const MAX_INTERVAL_S = 60;

/**
 * token(): the current token (null stops the beat); onReply(reply); onLost(error);
 * onRefused(error): the token is no longer valid (the beat stops).
 * Returns {stop(), now()} — now() beats at once (after the page comes back to the foreground).
 */
export function startHeartbeat({ token, onReply, onLost, onRefused }) {
  let timer = null;
  let intervalS = DEFAULT_INTERVAL_S;
  let stopped = false;
  let inFlight = false;

  const schedule = (ms) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(beat, ms);
  };

  async function beat() {
    const current = token();
    if (stopped || !current) return;
    if (inFlight) return schedule(intervalS * 1000);
    inFlight = true;
    try {
      const reply = await api.post(`${API}/candidate/heartbeat`, undefined, current, { timeoutMs: 8000 });
      if (Number.isFinite(reply.interval_s)) {
        intervalS = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, reply.interval_s));
      }
      if (!stopped && token() === current) onReply(reply);
    } catch (error) {
      if (stopped || token() !== current) return;
      if (error.status === 401) {
        stopped = true;
        onRefused(error);
        return;
      }
      if (error.retryable) onLost(error);
      // anything else (a 4xx that should not happen): keep beating, the state reads decide
    } finally {
      inFlight = false;
      schedule(intervalS * 1000);
    }
  }

  const onVisible = () => { if (document.visibilityState === "visible") schedule(0); };
  document.addEventListener("visibilitychange", onVisible);
  schedule(0);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    },
    now() {
      schedule(0);
    },
  };
}

// The page's sign of life: POST /api/v1/candidate/heartbeat every interval_s (5 s). It tells
// the invigilators' dashboard that this PC is still there, and its reply ({version, status,
// session_status, interval_s}) says whether the candidate's state changed (time added, a
// question replaced, the test ended by the invigilator, the end screen seen, the test moved to
// another PC): the page then reads its state again at once. Nothing is journaled by a beat.
//
// While the server cannot be reached, the beat is the probe: retried with back-off and jitter
// (at most 10 s apart), and the first one that gets through carries how long the page was
// without the server ({offline_ms}); that time is given back to the candidate.

import * as api from "../shared/api.js";
import { API } from "../shared/constants.js";
import { unreachable } from "./link.js";

const DEFAULT_INTERVAL_S = 5;
const MIN_INTERVAL_S = 2;
const MAX_INTERVAL_S = 60;
const PROBE_MAX_MS = 10000;
const MAX_OFFLINE_MS = 86_400_000;

/**
 * token(): the current token (null stops the beat); link: the page's Link; onReply(reply);
 * onRefused(error): the token is no longer valid (the beat stops).
 * Returns {stop(), now()} — now() beats at once (after the page comes back to the foreground).
 */
export function startHeartbeat({ token, link, onReply, onRefused }) {
  let timer = null;
  let intervalS = DEFAULT_INTERVAL_S;
  let stopped = false;
  let inFlight = false;
  let failures = 0;

  const schedule = (ms) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(beat, ms);
  };

  async function beat() {
    const current = token();
    if (stopped || !current) return;
    if (inFlight) return schedule(1000);
    inFlight = true;
    const startedAt = Date.now();
    try {
      const body = { offline_ms: Math.min(MAX_OFFLINE_MS, Math.round(link.offlineMs())) };
      const reply = await api.post(`${API}/candidate/heartbeat`, body, current, { timeoutMs: 8000 });
      failures = 0;
      if (Number.isFinite(reply.interval_s)) {
        intervalS = Math.min(MAX_INTERVAL_S, Math.max(MIN_INTERVAL_S, reply.interval_s));
      }
      link.back();
      if (!stopped && token() === current) onReply(reply);
    } catch (error) {
      if (stopped || token() !== current) return;
      if (error.status === 401) {
        stopped = true;
        link.back(); // the server is there: the reads that wait for it get the same refusal
        onRefused(error);
        return;
      }
      if (unreachable(error)) {
        failures += 1;
        link.lost(error, startedAt);
      }
      // anything else (a 5xx, a 4xx that should not happen): keep beating, the state reads decide
    } finally {
      inFlight = false;
      schedule(link.up ? intervalS * 1000 : api.backoff(failures, 1000, PROBE_MAX_MS));
    }
  }

  const onVisible = () => { if (document.visibilityState === "visible") schedule(0); };
  document.addEventListener("visibilitychange", onVisible);
  link.onChange((up) => { if (!up && !inFlight) schedule(api.backoff(0, 1000, PROBE_MAX_MS)); });
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

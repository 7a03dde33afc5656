// The answers given, on their way to the room server. Each is written to IndexedDB (with its
// answer_id) before it is sent, removed only once the server acknowledged it, and sent in the
// order given. When the server cannot be reached, sending waits for the link (the heartbeat
// probes with back-off and jitter, at most 10 s apart); when the server is there but cannot
// write (507), the same answer is sent again after a back-off. The same answer_id twice
// records once, so a reload or a retry never answers twice.

import * as api from "../shared/api.js";
import { API, ERROR } from "../shared/constants.js";
import * as db from "./localdb.js";
import { unreachable } from "./link.js";

const RETRY_MAX_MS = 10000;

export class Outbox {
  /**
   * link: the page's Link; login(): {token, owner} or null;
   * onAcked(entry, reply); onRefused(entry, error): the server will never take it (said to the
   * candidate); onHeld(error): a resume elsewhere is pending; onLoggedOut(error);
   * onTrouble(error): the server answered but could not record (a full disk): retrying;
   * onDrained(): nothing left to send.
   */
  constructor(link, login, handlers) {
    this.link = link;
    this.login = login;
    this.on = handlers;
    this.running = false;
    this.held = false;
  }

  /** Keep an answer (resolves once it is written on this PC), then send it. */
  async add(entry) {
    await db.addAnswer({ ...entry, owner: this.login().owner, givenAt: Date.now() });
    this.kick();
  }

  /** The answers kept on this PC for the candidate, oldest first. */
  pending() {
    const login = this.login();
    return login ? db.answers(login.owner) : Promise.resolve([]);
  }

  /** Send what is kept (again), unless a pending resume holds it. */
  kick() {
    if (!this.running && !this.held) this.flush();
  }

  release() {
    this.held = false;
    this.kick();
  }

  async flush() {
    this.running = true;
    let failures = 0;
    try {
      for (;;) {
        const login = this.login();
        if (!login) return;
        await this.link.whenUp();
        const [head] = await this.pending();
        if (!head) {
          this.on.onDrained();
          return;
        }
        const startedAt = Date.now();
        try {
          const reply = await api.post(`${API}/candidate/answers`, body(head), this.login().token);
          await db.removeAnswer(head.seq);
          failures = 0;
          this.on.onAcked(head, reply);
        } catch (error) {
          if (error.status === 401) return this.on.onLoggedOut(error); // kept: a new join may send it
          if (unreachable(error)) {
            this.link.lost(error, startedAt); // the next loop waits until a beat gets through
          } else if (error.retryable) {
            failures += 1;
            this.on.onTrouble(error);
            await api.pause(api.backoff(failures, 1000, RETRY_MAX_MS));
          } else if (error.code === ERROR.RESUME_PENDING) {
            this.held = true;
            return this.on.onHeld(error);
          } else {
            await db.removeAnswer(head.seq); // the server will never take it: said, never silent
            this.on.onRefused(head, error);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}

function body(entry) {
  const sent = { answer_id: entry.answer_id, challenge_id: entry.challenge_id };
  if (entry.skip) sent.skip = true;
  else sent.value = entry.value;
  if (Number.isFinite(entry.shown_ms)) sent.shown_ms = Math.max(0, Math.min(86_400_000, Math.round(entry.shown_ms)));
  if (entry.focus_lost) sent.focus_lost = true;
  return sent;
}

// After the closing, whether the session reached the certification body: the administrator's
// delivery state (docs/sync.md), read-only, in the server's words (GET /invigilator/session/sync).
// Asked when the session's summary changes (session_updated, a roster) and every 30 s while the
// session is closed or finalised; a failed ask keeps the last words shown.

import { SESSION } from "../shared/constants.js";
import { h } from "../shared/dom.js";
import { NBSP } from "./words.js";

const REFRESH_MS = 30000;
const SOON_MS = 1000; // a burst of summaries (a roster, then its session_updated) is asked once
const AFTER_CLOSING = new Set([SESSION.CLOSED, SESSION.FINALISED, SESSION.SYNCED]);

export class SyncState {
  /** call: the dashboard's client (makeClient); store: the DashboardStore. */
  constructor(store, call) {
    this.store = store;
    this.call = call;
    this.words = h("span", { class: "sync-words" });
    this.element = h("p", { class: "sync-line", role: "status", hidden: true },
      h("span", { class: "sync-label", text: `Envoi à l'organisme${NBSP}: ` }), this.words);
    this.timer = null;
    this.asking = false;
    this.stopped = false;
  }

  /** The summary changed: ask soon when the session is closed or finalised, else say nothing. */
  update() {
    const status = this.store.summary && this.store.summary.status;
    if (this.stopped) return;
    if (!AFTER_CLOSING.has(status)) {
      clearTimeout(this.timer);
      this.timer = null;
      this.element.hidden = true;
      return;
    }
    this.schedule(SOON_MS);
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ask(), ms);
  }

  async ask() {
    this.timer = null;
    if (this.stopped || this.asking) return;
    this.asking = true;
    try {
      const answer = await this.call("GET", "/session/sync");
      if (!this.stopped && answer && typeof answer.summary === "string") this.show(answer);
    } catch {
      // the server did not answer: the words shown stay, asked again below
    } finally {
      this.asking = false;
      if (!this.stopped && this.timer === null) this.schedule(REFRESH_MS);
    }
  }

  show(answer) {
    const state = answer.job ? answer.job.state : "none";
    this.element.dataset.sync = state;
    // The same words are not set again: a status region reads out every change.
    if (this.words.textContent !== answer.summary) this.words.textContent = answer.summary;
    this.element.hidden = false;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

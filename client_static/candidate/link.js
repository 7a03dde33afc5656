// The page's link to the room server: reachable or not, and since when (this PC's clock,
// kept across a reload). While it is down, nothing but the heartbeat talks to the server: the
// first beat that gets through says how long the page was without it (offline_ms), and the
// server gives that time back, bounded by the silence it saw itself. Only then do answers and
// reads go again, so that they cannot shorten that silence.

import { ERROR } from "../shared/constants.js";
import { storage } from "../shared/dom.js";

const KEY = "roomserver.candidate.offline_since";

/** A failure of the link itself (no answer, or a proxy's), not a refusal by the server. */
export const unreachable = (error) => error && (error.status === 0 || error.status === 502 || error.status === 504
  || error.code === ERROR.BAD_RESPONSE);

export class Link {
  /** banner: a ConnectionBanner; canReload: a service worker can show the page without the server. */
  constructor(banner, { canReload = false } = {}) {
    this.banner = banner;
    this.canReload = canReload;
    const saved = Number(storage.get(KEY));
    this.since = Number.isFinite(saved) && saved > 0 ? saved : null;
    this.waiters = [];
    this.listeners = [];
    this.pausedMs = 0; // how long the link has been down since the page opened (question timers stop then)
    this.downAt = this.since === null ? null : performance.now();
    this.onUnload = (event) => {
      event.preventDefault();
      event.returnValue = "";
    };
    if (this.since !== null) this.showDown();
  }

  get up() {
    return this.since === null;
  }

  /** A request started at `startedAt` (Date.now()) failed without reaching the server. */
  lost(error, startedAt = Date.now()) {
    if (this.since === null) {
      this.since = Math.min(startedAt, Date.now());
      storage.set(KEY, String(this.since));
      this.downAt = performance.now();
      this.listeners.forEach((fn) => fn(false));
    }
    this.showDown(error);
  }

  showDown(error) {
    this.banner.lost(error);
    // Without a service worker (plain HTTP on the LAN) a reload now would show the browser's
    // error page: the banner says so, and the browser asks before leaving.
    if (!this.canReload) window.addEventListener("beforeunload", this.onUnload);
  }

  /** How long the page has been without the server, in ms (0 when it is up). */
  offlineMs() {
    return this.since === null ? 0 : Math.max(0, Date.now() - this.since);
  }

  /** The server answered a beat that carried offlineMs(): the link is up again. */
  back() {
    window.removeEventListener("beforeunload", this.onUnload);
    if (this.since === null) {
      this.banner.restored();
      return;
    }
    this.since = null;
    storage.remove(KEY);
    if (this.downAt !== null) this.pausedMs += performance.now() - this.downAt;
    this.downAt = null;
    this.banner.restored();
    this.listeners.forEach((fn) => fn(true));
    this.waiters.splice(0).forEach((resolve) => resolve());
  }

  /** Milliseconds the link was down since the page opened, counting a down time still running. */
  pausedNow() {
    return this.pausedMs + (this.downAt === null ? 0 : performance.now() - this.downAt);
  }

  whenUp() {
    return this.up ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  onChange(fn) {
    this.listeners.push(fn);
  }
}

// What the dashboard knows of the session: the rows, the summary, the highest journal seq
// seen through the live channel, and the server's clock. Fed by live.js (Socket.IO) and by
// the answers to the page's own actions; the views subscribe and redraw.

import { isOpen } from "./words.js";

export class DashboardStore {
  constructor() {
    this.rows = new Map(); // candidate_id -> row (core/dashboard.py: candidate_row), plus _at
    this.summary = null; // core/dashboard.py: session_summary
    this.connected = []; // ids of the invigilators whose dashboard is connected
    this.timeoutS = 20;
    this.since = null; // highest seq received through the live channel (for a reconnection)
    this.offset = 0; // server clock minus this PC's clock, in seconds
    this.listeners = new Set();
  }

  /** listener(change): change = {roster?, rows?: [ids], summary?, connections?}. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(change) {
    for (const listener of this.listeners) listener(change);
  }

  /** The server's clock now (Unix seconds), from the last server_time heard. */
  serverNow() {
    return Date.now() / 1000 + this.offset;
  }

  noteServerTime(serverTime) {
    if (typeof serverTime === "number" && Number.isFinite(serverTime)) this.offset = serverTime - Date.now() / 1000;
  }

  /** Only what came through the live channel counts: the server catches up from there. */
  noteLiveSeq(seq) {
    if (Number.isInteger(seq) && (this.since === null || seq > this.since)) this.since = seq;
  }

  get loaded() {
    return this.summary !== null;
  }

  /** Every row, in no particular order (a fresh array the caller may sort). */
  rowList() {
    return [...this.rows.values()];
  }

  applyRoster(payload) {
    this.noteServerTime(payload.server_time);
    const { candidates, connected_invigilators: connected, timeout_s: timeoutS, ...summary } = payload;
    const previous = this.rows;
    this.rows = new Map();
    for (const row of candidates || []) {
      // A candidate_updated built after this roster may have arrived first: keep the newer row.
      const shown = previous.get(row.candidate_id);
      this.rows.set(row.candidate_id, shown && shown.seq > row.seq ? shown : { ...row, _at: payload.server_time });
    }
    this.summary = summary;
    if (Array.isArray(connected)) this.connected = connected;
    if (Number.isFinite(timeoutS)) this.timeoutS = timeoutS;
    this.notify({ roster: true });
  }

  /** A row replaces the one shown only when it is as recent (its seq is that candidate's). */
  applyRow(row, serverTime) {
    if (!row || !row.candidate_id) return false;
    const shown = this.rows.get(row.candidate_id);
    if (shown && row.seq < shown.seq) return false;
    this.rows.set(row.candidate_id, { ...row, _at: serverTime ?? this.serverNow() });
    this.notify({ rows: [row.candidate_id] });
    return true;
  }

  applySummary(summary) {
    if (!summary) return false;
    if (this.summary && Number.isInteger(summary.seq) && summary.seq < this.summary.seq) return false;
    const { connected_invigilators: connected, ...rest } = summary;
    if (Array.isArray(connected)) this.connected = connected;
    this.summary = rest;
    this.notify({ summary: true });
    return true;
  }

  applyConnections(payload) {
    this.noteServerTime(payload.server_time);
    if (Number.isFinite(payload.timeout_s)) this.timeoutS = payload.timeout_s;
    for (const [id, where] of Object.entries(payload.candidates || {})) {
      const row = this.rows.get(id);
      if (row) this.rows.set(id, { ...row, connection: where.connection, pc: where.pc });
    }
    this.notify({ connections: true });
  }

  /** The open alerts of every candidate, oldest first: [{row, alert}]. */
  openAlerts() {
    const found = [];
    for (const row of this.rows.values()) {
      for (const alert of row.alerts || []) if (isOpen(alert)) found.push({ row, alert });
    }
    return found.sort((a, b) => (a.alert.at || 0) - (b.alert.at || 0));
  }
}

// How the dashboard says things: statuses, durations, connection, time, in French words.
// Pure functions of a row (core/dashboard.py: candidate_row) and of the server's clock.

import { ALERT_STATUS, ATTEMPT, CONNECTION, DISPLAY, DISPLAY_LABELS, INCIDENT_CODES } from "../shared/constants.js";
import { clockTime } from "../shared/format.js";

const pad = (n) => String(n).padStart(2, "0");

export const fullName = (row) => `${row.first_name} ${row.last_name}`;

export const plural = (n, word, many = `${word}s`) => `${n} ${n > 1 ? many : word}`;

/** 80 -> "1 min 20 s", 45 -> "45 s", 3720 -> "1 h 02 min". */
export function elapsedWords(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${pad(s % 60)} s` : ""}`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** Time left or used: minutes (rounded up) above 5 min, minutes and seconds below. */
export function clockWords(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 300) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  const minutes = Math.ceil(s / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${pad(minutes % 60)}`;
}

export const extraTimeWords = (pct) => (pct ? `+${pct} %` : "—");

/** "+10 min ajoutées" (nothing when no time was added). */
export function addedWords(addedS) {
  if (!addedS) return "";
  const minutes = Math.round(addedS / 60);
  return `+${minutes} min ajoutée${minutes > 1 ? "s" : ""}`;
}

/** "+2 min 14 s : serveur indisponible", one line per reason (time given back automatically). */
export function givenBackWords(givenBack) {
  return (givenBack || []).map(({ seconds, label }) => {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const amount = minutes ? `${minutes}\u00a0min${rest ? ` ${rest}\u00a0s` : ""}` : `${rest}\u00a0s`;
    return `+${amount}\u00a0: ${label}`;
  });
}

export function statusLabel(row) {
  return DISPLAY_LABELS[row.display_status] || { label: row.display_status, icon: "•" };
}

/** The line under the status: what the invigilator needs to know next, in words. */
export function statusDetail(row, sessionCreated) {
  const parts = [];
  if (!row.certifiable) parts.push("non certifiable");
  if (row.status === ATTEMPT.ENROLLED && row.certifiable) {
    if (sessionCreated) parts.push(row.joined ? "connecté, présence à confirmer" : "pas encore connecté");
    else parts.push("absent, entrée close");
  }
  if (row.resume_pending) parts.push("reprise demandée sur un nouveau poste");
  if (row.display_status === DISPLAY.ALERT) {
    const open = row.alerts.filter(isOpen).map((a) => a.question_number);
    parts.push(`problème signalé, question ${open.join(", ")}`);
  }
  if (row.display_status === DISPLAY.END_SCREEN_SEEN) {
    parts.push(row.status === ATTEMPT.ENDED_BY_INVIGILATOR ? "terminé par le surveillant" : "test terminé");
  }
  if (row.status === ATTEMPT.ENDED_BY_INVIGILATOR && row.skipped_by_end) {
    parts.push(`${plural(row.skipped_by_end, "question comptée passée", "questions comptées passées")}`);
  }
  return parts.join(" — ");
}

export const isEnded = (row) => row.status === ATTEMPT.ENDED || row.status === ATTEMPT.ENDED_BY_INVIGILATOR;
export const isOpen = (alert) => alert.status === ALERT_STATUS.OPEN;

/** The row's connection as seen now: the server's state, aged locally between two pushes. */
export function connectionNow(row, serverNow, timeoutS) {
  const c = row.connection || { state: CONNECTION.NEVER };
  if (c.state === CONNECTION.NEVER || c.last_seen_at === null || c.last_seen_at === undefined) {
    return { state: CONNECTION.NEVER, silent: null };
  }
  const silent = Math.max(0, serverNow - c.last_seen_at);
  return { state: silent < timeoutS ? CONNECTION.CONNECTED : CONNECTION.DISCONNECTED, silent };
}

export function connectionWords(connection) {
  if (connection.state === CONNECTION.CONNECTED) return { icon: "✓", text: "connecté" };
  if (connection.state === CONNECTION.DISCONNECTED) {
    return { icon: "✗", text: `déconnecté depuis ${elapsedWords(connection.silent)}` };
  }
  return { icon: "–", text: "jamais connecté" };
}

export const pcWords = (pc) => (pc && (pc.host || pc.ip)) || "";

/** Seconds used and left now, counted down locally from the row's values while its clock runs. */
export function timesNow(row, serverNow) {
  if (row.time_left_s === null || row.time_left_s === undefined || row.status === ATTEMPT.ENROLLED) return null;
  const elapsed = row.clock_running ? Math.max(0, serverNow - (row._at ?? serverNow)) : 0;
  return { left: Math.max(0, row.time_left_s - elapsed), used: row.time_used_s + elapsed };
}

export const codeLabel = (code) => (INCIDENT_CODES[code] ? `${code} — ${INCIDENT_CODES[code]}` : code);

export function atWords(unixSeconds) {
  return unixSeconds ? clockTime(unixSeconds) : "";
}

/** "jeudi 12 juin 2026" from "2026-06-12". */
export function frenchDay(iso) {
  const date = new Date(`${iso}T12:00:00`);
  return Number.isNaN(date.getTime()) ? iso
    : date.toLocaleDateString("fr-FR", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

// How the dashboard says things: statuses, durations, connection, time, in French words.
// Pure functions of a row (core/dashboard.py: candidate_row) and of the server's clock.

import { ALERT_STATUS, ATTEMPT, CONNECTION, DISPLAY, DISPLAY_LABELS, INCIDENT_CODES } from "../shared/constants.js";
import { clockTime, clockWords, durationWords } from "../shared/format.js";


export const fullName = (row) => `${row.first_name} ${row.last_name}`;

export const NBSP = "\u00a0";

export const plural = (n, word, many = `${word}s`) => `${n} ${n > 1 ? many : word}`;

const NB = NBSP; // a number never leaves its unit at a line end

/** The one way a duration is written, on the dashboard as on the pupil's page (shared/format.js):
 * "1 h 45 min", "4 min 42 s", "59 s"; a running clock in whole minutes above 5 min. */
export { clockWords, durationWords };

/** How long ago or how long silent: the same format. */
export const elapsedWords = durationWords;

/** "de Hugo", but "d'Élodie", "d'Inès", "d'Ahmed" (elision before a vowel). */
export function de(name) {
  const text = String(name || "").trim();
  return /^[aeiouàâäéèêëîïôöùûüœæAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ]/.test(text) ? `d'${text}` : `de ${text}`;
}

/** "Élodie Martin" -> "d'Élodie Martin". */
export const ofName = (row) => de(fullName(row));

export const extraTimeWords = (pct) => (pct ? `+${pct}${NB}%` : "—");

/** "+10 min ajoutées" (nothing when no time was added). */
export function addedWords(addedS) {
  if (!addedS) return "";
  const minutes = Math.round(addedS / 60);
  return `+${minutes}${NB}min ajoutée${minutes > 1 ? "s" : ""}`;
}

/** "+2 min 14 s : serveur indisponible", one line per reason (time given back automatically). */
export function givenBackWords(givenBack) {
  return (givenBack || []).map(({ seconds, label }) => {
    return `+${durationWords(seconds)}${NB}: ${label}`;
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
    parts.push(`problème signalé, ${open.length > 1 ? "questions" : "question"} ${listWords(open)}`);
  }
  if (row.display_status === DISPLAY.END_SCREEN_SEEN) {
    parts.push(row.status === ATTEMPT.ENDED_BY_INVIGILATOR ? "terminé par le surveillant" : "test terminé");
  }
  if (row.status === ATTEMPT.ENDED_BY_INVIGILATOR && row.skipped_by_end) {
    parts.push(`${plural(row.skipped_by_end, "question comptée passée", "questions comptées passées")}`);
  }
  return parts.join(" — ");
}

/** [3] -> "3", [3, 5] -> "3 et 5", [1, 3, 5] -> "1, 3 et 5". */
export function listWords(items) {
  const list = items.map(String);
  return list.length < 2 ? list.join("") : `${list.slice(0, -1).join(", ")} et ${list[list.length - 1]}`;
}

const FIELD_WORDS = {
  first_name: "prénom", last_name: "nom", birthdate: "date de naissance", birth_city: "ville de naissance",
  birth_postal_code: "code postal de naissance", birth_insee_code: "code INSEE de naissance",
  birth_country: "pays de naissance",
};

/** What happened to the candidate, one short sentence each: [{kind, text}]. */
export function happenedWords(row) {
  const said = [];
  const focus = row.focus_lost || [];
  if (focus.length) {
    said.push({ kind: "focus", text: `fenêtre quittée sur ${focus.length > 1 ? `${focus.length} questions focus` : "une question focus"}`
      + ` (${focus.length > 1 ? "questions" : "question"} ${listWords(focus)})` });
  }
  if (row.frauds) said.push({ kind: "fraud", text: plural(row.frauds, "rapport de fraude", "rapports de fraude") });
  if (row.incidents) said.push({ kind: "incident", text: plural(row.incidents, "incident noté", "incidents notés") });
  if (row.pending_client) {
    const where = row.pending_client.ip ? ` (${row.pending_client.ip})` : "";
    said.push({ kind: "other-pc", text: `un autre poste demande à reprendre le test${where}` });
  }
  if (row.failed_joins) {
    said.push({ kind: "failed-joins", text: `${plural(row.failed_joins, "essai", "essais")} de connexion`
      + " avec une date de naissance erronée" });
  }
  const refused = row.refused_entries || [];
  if (refused.length) {
    const last = clockTime(refused[refused.length - 1]);
    said.push({ kind: "entry-refused", text: refused.length > 1
      ? `entrée refusée ${refused.length}\u00a0fois (arrivé après le début), la dernière à ${last}`
      : `entrée refusée à ${last} (arrivé après le début)` });
  }
  for (const correction of row.corrections || []) {
    const fields = (correction.fields || []).map((f) => FIELD_WORDS[f] || f);
    said.push({ kind: "correction", text: `identité corrigée${fields.length ? ` (${listWords(fields)})` : ""}`
      + `${correction.at ? ` à ${clockTime(correction.at)}` : ""}${correction.by ? ` par ${correction.by}` : ""}` });
  }
  return said;
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

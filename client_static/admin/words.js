// French words for the administrator's pages: typography (non-breaking spaces), plurals,
// elision, dates and times written the way people read them.

export const NBSP = "\u00a0";

/** French spacing: one non-breaking space before : ; ? ! » and after «, whatever was typed
 * (server messages included, which may already carry theirs: never two), and inside "n° 12",
 * "48 h", "33 %". URLs and times ("09:00", "http://") have no space there. */
export function typo(text) {
  return String(text)
    .replace(/[ \u00a0\u202f]+([:;?!»])/g, `${NBSP}$1`)
    .replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`)
    .replace(/([^\s\u00a0])»/g, `$1${NBSP}»`)
    .replace(/n° /g, `n°${NBSP}`)
    .replace(/(\d) (h|%|pix)(?![\p{L}\d])/gu, `$1${NBSP}$2`);
}

/** "1 candidat", "2 candidats", "aucun candidat" (zero when given). */
export function count(n, singular, plural = `${singular}s`, zero = null) {
  if (n === 0 && zero) return zero;
  return `${n}${NBSP}${n > 1 ? plural : singular}`;
}

const VOWEL_START = /^[aeiouhàâäéèêëîïôöùûüœæ]/i;

/** "d'Élodie", "de Nguyễn": the preposition de before a name, elided before a vowel or h. */
export function of(name) {
  return VOWEL_START.test(String(name).trim()) ? `d'${name}` : `de ${name}`;
}

const DAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
  "octobre", "novembre", "décembre"];

function parseIso(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { year, month, day, weekday: date.getUTCDay() };
}

/** "2026-12-03" -> "jeudi 3 décembre 2026" ("1er" on the first of the month). */
export function longDate(iso) {
  const d = parseIso(iso);
  if (!d) return iso || "";
  const day = d.day === 1 ? "1er" : String(d.day);
  return `${DAYS[d.weekday]} ${day} ${MONTHS[d.month - 1]} ${d.year}`;
}

/** "09:00" -> "9 h 00" (French way of writing a time of day). */
export function clock(hhmm) {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm || "");
  if (!match) return hhmm || "";
  return `${Number(match[1])}${NBSP}h${NBSP}${match[2]}`;
}

/** "2011-03-14" -> "14/03/2011". */
export function shortDate(iso) {
  const d = parseIso(iso);
  if (!d) return iso || "";
  return `${String(d.day).padStart(2, "0")}/${String(d.month).padStart(2, "0")}/${d.year}`;
}

/** "14/03/2011" (or 14-3-2011, 14.03.2011) -> "2011-03-14"; null when it is not a real date. */
export function isoFromFrench(text) {
  const match = /^\s*(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})\s*$/.exec(text || "");
  if (!match) return null;
  const iso = `${match[3]}-${match[2].padStart(2, "0")}-${match[1].padStart(2, "0")}`;
  return parseIso(iso) ? iso : null;
}

/** Unix seconds -> "jeudi 3 décembre 2026 à 11 h 00" (the PC's local time). */
export function moment(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  const iso = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${longDate(iso)} à ${clock(`${pad(d.getHours())}:${pad(d.getMinutes())}`)}`;
}

/** "Thị Lan Nguyễn" (first name first, in sentences). */
export function spokenName(candidate) {
  return `${candidate.first_name} ${candidate.last_name}`;
}

/** Whether a candidate may sit the test, in words. */
export function certifiableText(candidate) {
  if (candidate.certifiable) return "certifiable";
  const n = candidate.competences_at_level || 0;
  return `non certifiable\u00a0: ${count(n, "compétence", "compétences", "aucune compétence")} sur 5 requises`;
}

/** Extra time in words: "aucun" or "33 %". */
export function extraTimeText(pct) {
  return pct ? `${pct}${NBSP}%` : "aucun";
}

/** "salle B12", but "Salle informatique 2" as written when the name already says it. */
export function roomText(room, capital = false) {
  if (/^salle\b/i.test(String(room).trim())) return room;
  return `${capital ? "Salle" : "salle"} ${room}`;
}

// How times and dates are written for people (French conventions).

const pad = (n) => String(n).padStart(2, "0");

const NB = "\u00a0"; // a number never leaves its unit at a line end

/** The one way a person reads a duration, on every page (the dashboard's rules): "1 h 45 min",
 * "4 min 42 s", "59 s", "1 h". Never "01:45" beside "0:59", read as hours:minutes on one line and
 * minutes:seconds on the next. Rounded down to the second, then to the units shown. */
export function durationWords(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}${NB}s`;
  if (s < 3600) return `${Math.floor(s / 60)}${NB}min${s % 60 ? ` ${s % 60}${NB}s` : ""}`;
  const minutes = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)}${NB}h${minutes ? ` ${minutes}${NB}min` : ""}`;
}

/** A running clock (time left or used): whole minutes rounded up above 5 min, so "0 min" never
 * shows while time remains, and minutes and seconds below, when every second counts. */
export function clockWords(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return durationWords(s < 300 ? s : Math.ceil(s / 60) * 60);
}

/** A length of time in whole minutes rounded up ("1 h 45 min", "35 min"): an allowance, a sentence. */
export function spokenDuration(seconds) {
  return durationWords(Math.max(0, Math.ceil(seconds / 60)) * 60);
}

/** "2011-03-14" -> "14/03/2011". */
export function frenchDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return match ? `${match[3]}/${match[2]}/${match[1]}` : iso || "";
}

/** Unix seconds -> "09:12" (local time of the PC). */
export function clockTime(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

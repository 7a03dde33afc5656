// How times and dates are written for people (French conventions).

const pad = (n) => String(n).padStart(2, "0");

/** Seconds -> "hh:mm", rounding up so that "00:00" only shows when no time is left. */
export function hoursMinutes(seconds) {
  const minutes = Math.max(0, Math.ceil(seconds / 60));
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Seconds -> "1 h 05 min" / "35 min", for screen readers and sentences (rounded up). */
export function spokenDuration(seconds) {
  const minutes = Math.max(0, Math.ceil(seconds / 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return `${h} h ${pad(m)} min`;
}

/** Seconds -> "m:ss" for short question timers. */
export function minutesSeconds(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
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

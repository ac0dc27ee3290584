// Formatting of numbers, durations and times for people.

let numbers = null;

/**
 * 20,000. Whole numbers (every count) are grouped here: a page's first `Intl.NumberFormat`
 * costs ~50 ms, which was spent before a page could ask the API for anything.
 */
export function num(n) {
  if (n === null || n === undefined) return "–";
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return (n < 0 ? "-" : "") + String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  numbers ??= new Intl.NumberFormat("en");
  return numbers.format(n);
}

/** 850 ms, 12.3 s, 4 m 05 s, 1 h 02 m. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${String(m % 60).padStart(2, "0")} m`;
  return `${Math.round(hours / 24)} d`;
}

export function percent(ratio, digits = 0) {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "–";
  const value = ratio * 100;
  // 99.6% is not 100%: never round a rate up to a perfect score.
  if (value > 99 && value < 100) return `${Math.min(value, 99.9).toFixed(1)}%`;
  return `${value.toFixed(digits)}%`;
}

export function time(iso) {
  const date = parse(iso);
  return date ? date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "–";
}

/** "3 min ago", "2 h ago", "5 d ago", or a date when older than a month. */
export function ago(iso, now = Date.now()) {
  const date = parse(iso);
  if (!date) return "–";
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 31) return `${days} d ago`;
  return date.toLocaleDateString("en-GB", { dateStyle: "medium" });
}

export function shortCommit(sha) {
  return sha ? String(sha).slice(0, 8) : "";
}

export function parse(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function ms(iso) {
  if (!iso) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/** "1 test", "3 tests". */
export function count(n, word) {
  return `${num(n)} ${word}${n === 1 ? "" : "s"}`;
}

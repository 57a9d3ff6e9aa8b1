// Words and times as the dashboard shows them.

const PAGE_STATUS = {DEGRADED: "Degraded", UP: "Operational", UNKNOWN: "Not yet scraped"};
// A page read once but not successfully for too long is UNKNOWN too (never a stale
// "Operational"): it says since when, from its lastCurrentlyScraped.
export function pageStatusLabel(s, lastRead) {
  if (s === "UNKNOWN" && lastRead) return `Not read since ${when(lastRead)}`;
  return PAGE_STATUS[s] || "Not yet scraped";
}
// Degraded first, then operational, then the pages statusphere has not read yet.
export const pageStatusRank = (s) => ({DEGRADED: 0, UP: 1}[s] ?? 2);
export const pageStatusClass = (s) => ({DEGRADED: "bad", UP: "good"}[s] || "unknown");

const COMPONENT_STATUS = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  under_maintenance: "Under maintenance",
};
export const componentStatusLabel = (s) => COMPONENT_STATUS[s] || "Unknown";
export const componentStatusClass = (s) =>
  ({operational: "good", degraded_performance: "warn", partial_outage: "warn", major_outage: "bad", under_maintenance: "maint"}[s] ||
  "unknown");

const IMPACT = {critical: "Critical", major: "Major", minor: "Minor", maintenance: "Maintenance", none: "No impact"};
export const impactLabel = (s) => IMPACT[s] || "No impact";
export const impactClass = (s) => ({critical: "bad", major: "warn", minor: "minor", maintenance: "maint"}[s] || "unknown");

export function words(s) {
  if (!s) return "";
  const text = String(s).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short", timeZone: "UTC"});
export function when(iso) {
  if (!iso) return "";
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? "" : `${dateTime.format(t)} UTC`;
}

export function duration(startIso, endIso) {
  const start = new Date(startIso), end = endIso ? new Date(endIso) : new Date();
  let minutes = Math.max(0, Math.round((end - start) / 60000));
  if (Number.isNaN(minutes)) return "";
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  return [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`].filter(Boolean).join(" ");
}

export function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return String(url);
  }
}

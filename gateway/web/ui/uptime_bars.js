// 90-day uptime bars, one row per component, as status pages draw them: a bar per UTC day,
// green without downtime, orange for partial outage, red for major outage, blue for
// maintenance only; the title of each bar tells that day's minutes.

import {el} from "./dom.js";

function dayKind(day) {
  if (day.majorOutageMinutes > 0) return "bad";
  if (day.partialOutageMinutes > 0) return "warn";
  if (day.maintenanceMinutes > 0) return "maint";
  return "good";
}

function dayTitle(day) {
  const parts = [];
  if (day.majorOutageMinutes > 0) parts.push(`${day.majorOutageMinutes} min major outage`);
  if (day.partialOutageMinutes > 0) parts.push(`${day.partialOutageMinutes} min partial outage`);
  if (day.maintenanceMinutes > 0) parts.push(`${day.maintenanceMinutes} min maintenance`);
  if (!parts.length) parts.push("no downtime recorded");
  if (day.incidentCount > 0) parts.push(`${day.incidentCount} incident${day.incidentCount === 1 ? "" : "s"}`);
  return `${day.date}: ${parts.join(", ")}`;
}

function percent(value) {
  const n = Number(value);
  return Number.isFinite(n) ? `${n >= 99.995 ? "100" : n.toFixed(2)}%` : "–";
}

function row(name, uptime) {
  const days = uptime.days || [];
  const bars = el("div", {class: "bars", role: "img",
    "aria-label": `${name}: ${percent(uptime.uptimePercent)} uptime over ${days.length} days`});
  for (const day of days) bars.append(el("span", {class: `bar ${dayKind(day)}`, title: dayTitle(day)}));
  return el("li", {class: "uptime-row"},
    el("div", {class: "uptime-head"}, el("span", {class: "uptime-name"}, name),
      el("span", {class: "uptime-percent"}, `${percent(uptime.uptimePercent)} uptime`)),
    bars,
    el("div", {class: "uptime-axis", "aria-hidden": "true"},
      el("span", {}, days.length ? `${days.length} days ago` : ""), el("span", {}, "Today")));
}

// `uptime`: the GetUptimeResponse (REST JSON); `pageName` labels the whole-page row.
export function uptimeBars(uptime, pageName) {
  const list = el("ul", {class: "uptime", id: "uptime-rows"});
  if (uptime.page) list.append(row(`${pageName} (whole page)`, uptime.page));
  for (const component of uptime.components || []) {
    list.append(row(component.group ? `${component.group} · ${component.name}` : component.name, component));
  }
  return list;
}

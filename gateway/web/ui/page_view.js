// One status page: its components by group, its open incidents with their updates, 90-day
// uptime bars, and its history; incident changes arrive live from the watch stream.

import * as api from "./api.js";
import {clear, el, externalLink} from "./dom.js";
import {
  componentStatusClass, componentStatusLabel, duration, hostOf, impactClass, impactLabel,
  pageStatusClass, pageStatusLabel, when, words,
} from "./format.js";
import {coalesce, watch} from "./live.js";
import {starButton} from "./star.js";
import {uptimeBars} from "./uptime_bars.js";

function section(id, title) {
  const body = el("div", {class: "section-body"}, el("p", {class: "loading"}, "Loading…"));
  const node = el("section", {id, "aria-labelledby": `${id}-title`}, el("h2", {id: `${id}-title`}, title), body);
  return {node, body};
}

function badge(text, kind) {
  return el("span", {class: `badge ${kind}`}, text);
}

function componentsView(components) {
  if (!components.length) return el("p", {class: "empty"}, "This page lists no components.");
  const groups = new Map();
  for (const c of components) {
    const group = c.group || "";
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(c);
  }
  return el("div", {class: "groups"}, [...groups].map(([group, members]) =>
    el("div", {class: "group"},
      // Ungrouped components next to groups get a heading of their own, not the group above's look.
      group ? el("h3", {class: "group-name"}, group) : groups.size > 1 ? el("h3", {class: "group-name"}, "Other") : null,
      el("ul", {class: "components", "aria-label": group || "Components"}, members.map((c) =>
        el("li", {class: "component", dataset: {status: c.status}},
          el("span", {class: "component-name"}, c.name),
          badge(componentStatusLabel(c.status), componentStatusClass(c.status))))))));
}

function updatesView(events) {
  return el("ol", {class: "updates", "aria-label": "Updates, newest first"}, events.map((e) =>
    el("li", {class: "update"},
      el("div", {class: "update-head"},
        el("strong", {class: "update-title"}, e.title || words(e.status) || "Update"),
        el("time", {datetime: e.time || ""}, when(e.time))),
      e.description ? el("p", {class: "update-body"}, e.description) : null)));
}

function incidentView(incident, {open}) {
  const events = incident.events || [];
  const meta = [
    badge(impactLabel(incident.impact), impactClass(incident.impact)),
    incident.status ? el("span", {class: "incident-status"}, words(incident.status)) : null,
    el("span", {class: "incident-time"},
      incident.endTime ? `${when(incident.startTime)} – ${when(incident.endTime)} (${duration(incident.startTime, incident.endTime)})`
                       : `since ${when(incident.startTime)} (${duration(incident.startTime)})`),
  ];
  const components = (incident.components || []).length
    ? el("p", {class: "affected"}, `Affected: ${incident.components.join(", ")}`) : null;
  const link = externalLink(incident.deepLink, "On the vendor's page ↗", `${incident.title} on the vendor's status page (opens a new tab)`);
  const count = `${events.length} update${events.length === 1 ? "" : "s"}`;
  const updates = open
    ? updatesView(events)
    : el("details", {}, el("summary", {}, count), updatesView(events));
  return el("article", {class: `incident ${open ? "open" : "past"}`, dataset: {id: incident.id}},
    el("h3", {class: "incident-title"}, incident.title || "(untitled incident)"),
    el("div", {class: "incident-meta"}, meta, link),
    components, updates);
}

export function renderPage(main, url) {
  clear(main);
  if (!url) {
    main.append(el("h1", {}, "No such page"), el("p", {}, el("a", {href: "#/"}, "Back to all pages")));
    return () => {};
  }
  const head = el("div", {class: "page-head"}, el("h1", {}, hostOf(url)));
  const components = section("components", "Components");
  const open = section("open-incidents", "Open incidents");
  const uptime = section("uptime", "Uptime, last 90 days");
  const history = section("history", "History");
  const updated = el("p", {class: "updated", id: "updated", role: "status", "aria-live": "polite"});
  main.append(el("p", {class: "back"}, el("a", {href: "#/"}, "← All pages")), head, updated,
    el("div", {class: "columns"}, el("div", {}, open.node, components.node), el("div", {}, uptime.node, history.node)));

  let stopped = false;
  const fill = (target, content) => {
    if (!stopped) clear(target).append(content);
  };
  const fail = (target) => (error) => fill(target, el("p", {class: "error"}, error.message));

  async function loadHead() {
    const [page, current] = await Promise.all([api.getPage(url), api.getCurrentStatus(url)]);
    document.title = `${page.name} · statusphere`;
    const facts = [
      page.provider ? `Platform: ${page.provider}` : null,
      page.lastCurrentlyScraped ? `Scraped ${when(page.lastCurrentlyScraped)}` : "Not scraped yet",
    ].filter(Boolean).join(" · ");
    fill(head, el("div", {class: "page-title"},
      starButton(page),
      el("h1", {id: "page-name"}, page.name),
      el("span", {class: `badge big ${pageStatusClass(current.status)}`, id: "page-status"},
        pageStatusLabel(current.status, current.lastCurrentlyScraped))));
    head.append(el("p", {class: "page-facts"}, externalLink(page.url, `${hostOf(page.url)} ↗`, `${page.name}'s own status page (opens a new tab)`),
      " ", facts),
      page.lastError ? el("p", {class: "error"}, `The last scrape failed: ${page.lastError}`) : "",
      // Stale: what the page said when last read is not shown as its state now.
      current.isIndexed && current.status === "UNKNOWN" && current.statusReason
        ? el("p", {class: "error", id: "stale"}, `Status unknown: ${current.statusReason}.`) : "");
    fill(components.body, componentsView(page.components || []));
    openIncidents = current.unresolvedIncidents || [];
    showOpen();
    return page;
  }

  let openIncidents = [];
  function showOpen() {
    fill(open.body, openIncidents.length
      ? el("div", {class: "incidents", id: "open-list"}, openIncidents.map((i) => incidentView(i, {open: true})))
      : el("p", {class: "empty"}, "No open incident."));
  }

  // The change carries the incident as stored: shown at once, without asking the API (whose
  // answers may lag the change by a moment).
  function applyChange(incident) {
    const others = openIncidents.filter((i) => i.id !== incident.id);
    openIncidents = incident.endTime ? others : [incident, ...others];
    showOpen();
    if (!incident.endTime && incident.impact !== "maintenance") {
      const badgeNode = document.getElementById("page-status");
      if (badgeNode) {
        badgeNode.className = `badge big ${pageStatusClass("DEGRADED")}`;
        badgeNode.textContent = pageStatusLabel("DEGRADED");
      }
    }
  }

  async function loadHistory() {
    const incidents = (await api.listIncidents(url, 50)).filter((i) => i.endTime);
    fill(history.body, incidents.length
      ? el("div", {class: "incidents", id: "history-list"}, incidents.map((i) => incidentView(i, {open: false})))
      : el("p", {class: "empty"}, "No past incident stored."));
  }

  async function loadUptime(name) {
    const result = await api.getUptime(url, 90);
    fill(uptime.body, result
      ? el("div", {}, el("p", {class: "legend", "aria-hidden": "true"},
          el("span", {class: "bar good"}), " no downtime ", el("span", {class: "bar warn"}), " partial outage ",
          el("span", {class: "bar bad"}), " major outage ", el("span", {class: "bar maint"}), " maintenance"),
          uptimeBars(result, name))
      : el("p", {class: "empty", id: "no-uptime"}, "No uptime history yet."));
  }

  loadHead().then((page) => loadUptime(page.name).catch(fail(uptime.body)), (error) => {
    fill(head, el("h1", {}, hostOf(url)));
    head.append(el("p", {class: "error"}, error.message));
    fill(components.body, "");
    fill(open.body, "");
    fill(uptime.body, "");
  });
  loadHistory().catch(fail(history.body));

  // Components, status, history and uptime follow from the API a moment after the change.
  const refresh = coalesce(async () => {
    try {
      const page = await loadHead();
      await Promise.all([loadHistory(), loadUptime(page.name)]);
      if (!stopped) updated.textContent = `Updated live at ${new Date().toLocaleTimeString()}`;
    } catch {
      // The next change tries again; what is shown stays.
    }
  }, 1500);
  const stopWatch = watch(url, (kind, incident) => {
    if (!stopped) applyChange(incident);
    updated.textContent = `Updated live at ${new Date().toLocaleTimeString()}`;
    refresh();
  }, refresh);  // changes were missed: the page's status, incidents and uptime are read again
  return () => {
    stopped = true;
    stopWatch();
    document.title = "statusphere";
  };
}

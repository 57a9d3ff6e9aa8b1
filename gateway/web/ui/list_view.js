// Every status page with its status: degraded first, a status filter, search as you type.
// The whole catalog (about 1,500 pages) is one list built once; searching and filtering
// only hide rows, so typing stays instant.

import * as api from "./api.js";
import {clear, el, externalLink} from "./dom.js";
import {hostOf, pageStatusClass, pageStatusLabel, pageStatusRank} from "./format.js";
import {coalesce, watch} from "./live.js";
import {starButton} from "./star.js";
import {starredUrls} from "./vendors.js";

const FILTERS = [
  ["all", "All"],
  ["DEGRADED", "Degraded"],
  ["UP", "Operational"],
  ["UNKNOWN", "Unknown"],
];
// Kept across views: coming back from a page shows the list as it was left.
const state = {query: "", filter: "all", pages: null};
const collator = new Intl.Collator(undefined, {sensitivity: "base"});

export function pageHash(url) {
  return `#/page/${encodeURIComponent(url)}`;
}

export function renderList(main, {mine}) {
  clear(main);
  const search = el("input", {
    type: "search", id: "search", class: "search", placeholder: "Search by name or address",
    "aria-label": "Search status pages", autocomplete: "off", spellcheck: "false",
  });
  search.value = state.query;
  const counts = new Map();
  const radios = FILTERS.map(([value, label]) => {
    const count = el("span", {class: "count"});
    counts.set(value, count);
    const input = el("input", {type: "radio", name: "status-filter", value, id: `filter-${value}`});
    input.checked = state.filter === value;
    input.addEventListener("change", () => {
      state.filter = value;
      apply();
    });
    return el("label", {class: `filter filter-${value}`, for: `filter-${value}`}, input, label, " ", count);
  });
  const summary = el("p", {class: "summary", id: "summary", role: "status", "aria-live": "polite"});
  const list = el("ul", {class: "pages", id: "pages", "aria-label": mine ? "My vendors" : "Status pages"});
  const empty = el("p", {class: "empty", hidden: true},
    mine ? "You have not starred any vendor yet. Star a page (☆) in All pages to keep it here, in this browser."
         : "No status page matches.");
  main.append(
    el("h1", {}, mine ? "My vendors" : "All status pages"),
    el("div", {class: "controls"}, search, el("fieldset", {class: "filters"}, el("legend", {}, "Status"), radios)),
    summary, empty, list);

  const rows = new Map();  // url -> {page, li, badge, haystack}
  let ordered = [];

  function rowFor(page) {
    const badge = el("span", {class: "badge"});
    const li = el("li", {class: "page-row", dataset: {url: page.url}},
      starButton(page, () => apply()),
      el("div", {class: "page-main"},
        el("a", {class: "page-name", href: pageHash(page.url)}, page.name),
        el("span", {class: "page-host"}, hostOf(page.url))),
      badge,
      externalLink(page.url, "Status page ↗", `${page.name}'s own status page (opens a new tab)`));
    const row = {page, li, badge, haystack: `${page.name}\n${page.url}`.toLowerCase()};
    showStatus(row);
    return row;
  }

  function showStatus(row) {
    row.badge.className = `badge ${pageStatusClass(row.page.status)}`;
    row.badge.textContent = pageStatusLabel(row.page.status, row.page.lastCurrentlyScraped);
    row.li.dataset.status = row.page.status || "UNKNOWN";
  }

  function sort() {
    ordered = [...rows.values()].sort((a, b) =>
      pageStatusRank(a.page.status) - pageStatusRank(b.page.status) || collator.compare(a.page.name, b.page.name));
    list.append(...ordered.map((r) => r.li));
  }

  function apply() {
    const query = state.query.trim().toLowerCase();
    const starred = mine ? starredUrls() : null;
    const tally = new Map(FILTERS.map(([v]) => [v, 0]));
    let shown = 0, scope = 0;
    for (const row of ordered) {
      const inScope = !starred || starred.has(row.page.url);
      const status = row.page.status || "UNKNOWN";
      const matches = inScope && (!query || row.haystack.includes(query));
      if (inScope) scope++;
      if (matches) {
        tally.set("all", tally.get("all") + 1);
        tally.set(status, (tally.get(status) || 0) + 1);
      }
      const visible = matches && (state.filter === "all" || state.filter === status);
      row.li.hidden = !visible;
      if (visible) shown++;
    }
    for (const [value, node] of counts) node.textContent = `(${tally.get(value) || 0})`;
    summary.textContent = `Showing ${shown} of ${scope} ${mine ? "starred " : ""}page${scope === 1 ? "" : "s"}`;
    empty.hidden = shown > 0;
  }

  search.addEventListener("input", () => {
    state.query = search.value;
    apply();
  });

  // Shown from the cache at once, then again from the server: rows are kept (and with them
  // the focus) and only their status changes.
  function show(pages) {
    const fresh = new Set();
    for (const page of pages) {
      fresh.add(page.url);
      const row = rows.get(page.url);
      if (row) {
        row.page = page;
        showStatus(row);
      } else {
        rows.set(page.url, rowFor(page));
      }
    }
    for (const [url, row] of rows) {
      if (!fresh.has(url)) {
        row.li.remove();
        rows.delete(url);
      }
    }
    sort();
    apply();
  }

  if (state.pages) show(state.pages);
  else summary.textContent = "Loading the status pages…";
  api.listPages().then((pages) => {
    state.pages = pages;
    show(pages);
  }).catch((error) => {
    summary.textContent = `Could not load the status pages (${error.message}).`;
  });

  // A change of one page's incidents can change its status: ask for that page's status only.
  const pending = new Set();
  const refresh = coalesce(async () => {
    const urls = [...pending];
    pending.clear();
    // A burst over many pages (a scraper catching up) costs one list, not a request per page.
    if (urls.length > 20) {
      try {
        state.pages = await api.listPages();
        show(state.pages);
      } catch {
        // The next change tries again.
      }
      return;
    }
    await Promise.all(urls.map(async (url) => {
      const row = rows.get(url);
      if (!row) return;
      try {
        const current = await api.getCurrentStatus(url);
        row.page.status = current.status;
        row.page.lastCurrentlyScraped = current.lastCurrentlyScraped;
        showStatus(row);
      } catch {
        // The next change retries; the row keeps its last known status.
      }
    }));
    sort();
    apply();
  }, 1500);
  const stop = watch("", (kind, incident) => {
    // An unresolved incident makes its page degraded at once; anything else (a resolution
    // may leave it degraded or not) waits for the page's status from the API.
    const row = rows.get(incident.statusPageUrl);
    if (row && !incident.endTime && incident.impact !== "maintenance" && row.page.status !== "DEGRADED") {
      row.page.status = "DEGRADED";
      showStatus(row);
      sort();
      apply();
    }
    pending.add(incident.statusPageUrl);
    refresh();
  }, () => {
    // Changes were missed: every row's status is read again.
    for (const url of rows.keys()) pending.add(url);
    refresh();
  });
  return stop;
}

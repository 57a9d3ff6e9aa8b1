// The same-origin REST API (/api/v1). Every call resolves to {status, body}; a network
// failure rejects, and callers say so on screen.

async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") query.set(k, v);
  const qs = query.toString();
  // no-cache: the browser revalidates (the gateway's ETag makes that a 304) instead of
  // reusing an answer from before a live change.
  const response = await fetch(`/api/v1/${path}${qs ? "?" + qs : ""}`,
    {headers: {Accept: "application/json"}, cache: "no-cache"});
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return {status: response.status, body};
}

function failure(result, what) {
  const message = result.body && result.body.error ? result.body.error : `HTTP ${result.status}`;
  return new Error(`${what}: ${message}`);
}

// Every page, following next_page_token when the server pages the list.
export async function listPages() {
  const pages = [];
  let token = "";
  for (let round = 0; round < 100; round++) {
    const result = await get("statusPages", {pageSize: 1000, pageToken: token});
    if (result.status !== 200) throw failure(result, "the list of pages");
    pages.push(...(result.body.statusPages || []));
    token = result.body.nextPageToken || "";
    if (!token) break;
  }
  return pages;
}

export async function getPage(url) {
  const result = await get("statusPage", {statusPageUrl: url});
  if (result.status !== 200) throw failure(result, "the page");
  return result.body.statusPage;
}

export async function getCurrentStatus(url) {
  const result = await get("currentStatus", {statusPageUrl: url});
  if (result.status !== 200) throw failure(result, "the current status");
  return result.body;
}

export async function listIncidents(url, limit = 50) {
  const result = await get("incidents", {statusPageUrl: url, limit});
  if (result.status !== 200) throw failure(result, "the incidents");
  return result.body.incidents || [];
}

// null when there is no uptime to show: 404 for a page the server no longer knows (removed
// while shown), 501 from a server older than GetUptime behind a newer gateway.
export async function getUptime(url, days = 90) {
  const result = await get("uptime", {statusPageUrl: url, days});
  if (result.status === 501 || result.status === 404) return null;
  if (result.status !== 200) throw failure(result, "the uptime");
  return result.body;
}

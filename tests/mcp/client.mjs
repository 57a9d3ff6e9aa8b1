// The MCP end-to-end test's client: the official MCP TypeScript SDK's Client over its
// StreamableHTTPClientTransport, against the real gateway in front of the real server with
// scraped pages (tests/mcp/mcp_e2e_test.cc starts them and runs this through run_client.sh).
//
//   node client.mjs <gateway base URL> '<what the test seeded, as JSON>'
//
// Prints one line per check ("ok - ..." / "not ok - ...") and exits 1 when one failed.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';

const [base, seededJson] = process.argv.slice(2);
const seeded = JSON.parse(seededJson);
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e && e.stack ? e.stack : e).replace(/\n/g, '\n  ')}`);
  }
}

// A REST answer of the same gateway: what the MCP answers are compared with.
async function rest(pathAndQuery) {
  const response = await fetch(base + pathAndQuery);
  return { status: response.status, body: await response.json() };
}

async function call(client, name, args) {
  const result = await client.callTool({ name, arguments: args });
  assert.equal(result.content.length, 1, `${name}: one content block`);
  assert.equal(result.content[0].type, 'text');
  if (!result.isError) {
    // The text block is the structured content as JSON, for clients that read only text.
    assert.deepEqual(JSON.parse(result.content[0].text), result.structuredContent, `${name}: text and structuredContent differ`);
  }
  return result;
}

const { statuspage, incidentio, kuma } = seeded;
const transport = new StreamableHTTPClientTransport(new URL(base + '/mcp'));
const client = new Client({ name: 'statusphere-e2e', version: '1.0.0' });

await check('connects over streamable HTTP and agrees on the newest revision', async () => {
  await client.connect(transport);
  assert.equal(client.getServerVersion().name, 'statusphere');
  assert.equal(transport.protocolVersion, LATEST_PROTOCOL_VERSION);
  assert.match(transport.sessionId, new RegExp(`^[0-9a-f]{32}\\.${LATEST_PROTOCOL_VERSION}\\.[0-9a-f]{32}$`));
  assert.ok(client.getServerCapabilities().tools, 'tools capability');
  assert.match(client.getInstructions(), /check_stack/);
});

await check('lists the six tools with input schemas', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(),
    ['check_stack', 'get_incident', 'get_status', 'get_uptime', 'list_active_incidents', 'search_vendors']);
  for (const tool of tools) {
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.ok(tool.description.length > 100, `${tool.name} has a real description`);
    assert.equal(tool.annotations.readOnlyHint, true);
  }
  // With an output schema the SDK checks every answer of the tool against it.
  assert.deepEqual(tools.filter((t) => t.outputSchema).map((t) => t.name).sort(),
    ['check_stack', 'get_status', 'list_active_incidents', 'search_vendors']);
});

await check('search_vendors finds a page by words, as REST search does', async () => {
  const { structuredContent } = await call(client, 'search_vendors', { query: 'kuma' });
  const viaRest = await rest('/api/v1/statusPages/search?query=kuma');
  assert.deepEqual(structuredContent.statusPages.map((p) => p.url), viaRest.body.statusPages.map((p) => p.url));
  assert.ok(structuredContent.statusPages.some((p) => p.url === kuma.url && p.provider === 'uptime-kuma'));
});

await check('get_status answers three platforms with components and open incidents', async () => {
  const { structuredContent } = await call(client, 'get_status',
    { vendors: [statuspage.name, incidentio.url, kuma.name] });
  const [sp, iio, uk] = structuredContent.statusPages;
  assert.equal(sp.url, statuspage.url);
  assert.equal(sp.provider, 'atlassian-statuspage');
  assert.equal(sp.status, 'DEGRADED');
  assert.equal(sp.matchedBy, 'name');
  const open = sp.unresolvedIncidents.find((i) => i.id === statuspage.incidentId);
  assert.equal(open.impact, 'critical');
  assert.equal(open.latestUpdate.title, 'Identified');
  assert.equal(iio.provider, 'incident-io');
  assert.equal(iio.matchedBy, 'url');
  assert.ok(iio.components.some((c) => c.name === 'REST API' && c.group === 'Platform'), 'incident.io groups');
  assert.equal(uk.provider, 'uptime-kuma');
  assert.equal(uk.components.length, 6);
  // The same state REST serves.
  for (const page of [sp, iio, uk]) {
    const viaRest = await rest('/api/v1/currentStatus?statusPageUrl=' + encodeURIComponent(page.url));
    assert.equal(page.status, viaRest.body.status, page.url);
    assert.deepEqual(page.unresolvedIncidents.map((i) => i.id).sort(), viaRest.body.unresolvedIncidents.map((i) => i.id).sort());
  }
});

await check('check_stack gives one verdict per vendor and overall', async () => {
  const { structuredContent } = await call(client, 'check_stack',
    { vendors: [statuspage.name, incidentio.url, kuma.name, 'No Such Vendor Anywhere'] });
  const byVendor = Object.fromEntries(structuredContent.vendors.map((v) => [v.vendor, v]));
  assert.equal(byVendor[statuspage.name].verdict, 'major_outage'); // an open critical incident
  assert.match(byVendor[statuspage.name].reason, /critical/);
  assert.equal(byVendor['No Such Vendor Anywhere'].verdict, 'unknown');
  assert.equal(byVendor['No Such Vendor Anywhere'].statusPageUrl, null);
  assert.ok(['operational', 'maintenance', 'degraded', 'partial_outage', 'major_outage'].includes(byVendor[kuma.name].verdict));
  assert.equal(structuredContent.overall, 'major_outage');
  assert.equal(structuredContent.ok, false);
});

await check('list_active_incidents filters by impact and by vendor', async () => {
  const critical = (await call(client, 'list_active_incidents', { impact: ['critical'] })).structuredContent;
  assert.ok(critical.incidents.some((i) => i.id === statuspage.incidentId && i.statusPageUrl === statuspage.url));
  assert.ok(critical.incidents.every((i) => i.impact === 'critical'));
  const all = (await call(client, 'list_active_incidents', {})).structuredContent;
  assert.ok(all.incidents.length > critical.incidents.length, 'other impacts are open on the other platforms');
  assert.ok(all.incidents.some((i) => i.statusPageUrl === incidentio.url));
  const one = (await call(client, 'list_active_incidents', { vendors: [statuspage.url] })).structuredContent;
  assert.equal(one.pagesChecked, 1);
  assert.ok(one.incidents.every((i) => i.statusPageUrl === statuspage.url));
});

await check("get_incident is the whole timeline, exactly REST's incident", async () => {
  const { structuredContent } = await call(client, 'get_incident', { vendor: statuspage.url, incidentId: statuspage.incidentId });
  const viaRest = await rest('/api/v1/incidents?statusPageUrl=' + encodeURIComponent(statuspage.url));
  assert.deepEqual(structuredContent.incident, viaRest.body.incidents.find((i) => i.id === statuspage.incidentId));
  assert.deepEqual(structuredContent.incident.events.map((e) => e.title), ['Identified', 'Investigating']);
});

await check('get_uptime of one component over some days', async () => {
  const { structuredContent } = await call(client, 'get_uptime', { vendor: kuma.name, component: kuma.component.toUpperCase(), days: 7 });
  assert.equal(structuredContent.days, 7);
  assert.deepEqual(structuredContent.components.map((c) => c.name), [kuma.component]);
  assert.equal(structuredContent.components[0].days.length, 7);
  const whole = (await call(client, 'get_uptime', { vendor: kuma.url })).structuredContent;
  assert.equal(whole.days, 90);
  assert.equal(whole.components.length, 6);
});

await check("bad arguments are tool errors with REST's 400 messages", async () => {
  const pairs = [
    [['list_active_incidents', { impact: ['severe'] }],
      '/api/v1/incidents?statusPageUrl=' + encodeURIComponent(statuspage.url) + '&impact=severe'],
    [['get_uptime', { vendor: kuma.url, days: 0 }], '/api/v1/uptime?statusPageUrl=' + encodeURIComponent(kuma.url) + '&days=0'],
    [['get_uptime', { vendor: kuma.url, days: 'abc' }], '/api/v1/uptime?statusPageUrl=' + encodeURIComponent(kuma.url) + '&days=abc'],
    [['search_vendors', { query: '' }], '/api/v1/statusPages/search?query='],
  ];
  for (const [[tool, args], restPath] of pairs) {
    const result = await call(client, tool, args);
    const viaRest = await rest(restPath);
    assert.equal(viaRest.status, 400, restPath);
    assert.equal(result.isError, true, tool);
    assert.equal(result.content[0].text, viaRest.body.error, tool);
  }
  const unknown = await call(client, 'get_status', { vendors: ['https://status.nowhere.invalid'] });
  assert.equal(unknown.isError, true);
  const viaRest = await rest('/api/v1/statusPage?statusPageUrl=' + encodeURIComponent('https://status.nowhere.invalid'));
  assert.equal(viaRest.status, 404);
  assert.equal(unknown.content[0].text, viaRest.body.error);
});

await check('resources: every page, and one vendor by the template', async () => {
  const { resources } = await client.listResources();
  assert.deepEqual(resources.map((r) => r.uri), ['statusphere://status-pages']);
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.deepEqual(resourceTemplates.map((r) => r.uriTemplate), ['statusphere://status/{vendor}']);
  const all = JSON.parse((await client.readResource({ uri: 'statusphere://status-pages' })).contents[0].text);
  assert.deepEqual(all.statusPages.map((p) => p.url).sort(), [statuspage.url, incidentio.url, kuma.url].sort());
  const one = await client.readResource({ uri: 'statusphere://status/' + encodeURIComponent(kuma.url) });
  assert.equal(one.contents[0].mimeType, 'application/json');
  assert.equal(JSON.parse(one.contents[0].text).components.length, 6);
  await assert.rejects(client.readResource({ uri: 'statusphere://status/Nobody%20At%20All' }), (e) => e.code === -32002);
});

await check('another gateway with the same token serves the session (replicas without stickiness)', async () => {
  const post = (url, session) => fetch(url + '/mcp', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
      'Mcp-Session-Id': session, 'MCP-Protocol-Version': transport.protocolVersion,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 'r1', method: 'tools/call', params: { name: 'get_status', arguments: { vendors: [kuma.name] } } }),
  });
  const response = await post(seeded.replica, transport.sessionId);
  assert.equal(response.status, 200);
  assert.equal((await response.json()).result.structuredContent.statusPages[0].url, kuma.url);
  // A made-up session is not one of theirs.
  assert.equal((await post(seeded.replica, transport.sessionId.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))).status, 404);
});

await check('an unknown tool is a JSON-RPC error (-32602)', async () => {
  await assert.rejects(client.callTool({ name: 'delete_everything', arguments: {} }), (e) => e.code === -32602 && /unknown tool/.test(e.message));
});

await check('ping', async () => {
  assert.deepEqual(await client.ping(), {});
});

if (seeded.rateLimitBurst) {
  await check("the REST rate limit applies to /mcp (429, and REST shares the client's bucket)", async () => {
    let refused = null;
    for (let i = 0; i < seeded.rateLimitBurst + 5 && !refused; i++) {
      try {
        await client.ping();
      } catch (e) {
        refused = e;
      }
    }
    assert.ok(refused, `no refusal after ${seeded.rateLimitBurst + 5} pings`);
    assert.equal(refused.code, 429, String(refused));
    assert.match(refused.message, /rate limit exceeded/);
    assert.equal((await rest('/api/v1/statusPages')).status, 429);
  });
}

await check('closing ends the session (DELETE)', async () => {
  // Two tokens back at 1 request/s after the rate limit check: DELETE, then the POST.
  await new Promise((resolve) => setTimeout(resolve, seeded.rateLimitBurst ? 2500 : 0));
  const session = transport.sessionId;
  await transport.terminateSession();
  await client.close();
  const response = await fetch(base + '/mcp', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': session },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  assert.equal(response.status, 404);
});

console.log(failed ? `${failed} check(s) failed` : 'all checks passed');
process.exit(failed ? 1 : 0);

"""Every provider compiled into statusphere: one line per platform, its folder under providers/.

The order is the detection cascade's (providers/detect.h): known hosts, then each probe in
this order, so the most specific shapes come first and generic ones last. The registry
(AllProviders) and the seeds of every fuzz target are generated from this list; the folder
declares its library, test and fuzz target (//providers/<folder>:<folder>_fuzz) with
statusphere_provider() (provider.bzl).
"""

PROVIDERS = [
    "slack",
    "aws",
    "google_cloud",
    "heroku",
    "salesforce",
    "azure",
    "stripe",  # vendors' own pages from here on: known hosts only, no probe
    "okta",
    "zendesk",
    "microsoft_365",
    "oracle_cloud",
    "oracle_netsuite",
    "paypal",
    "algolia",
    "broadcom",
    "signalwire",
    "adobe",
    "apple",
    "incident_io",  # before Statuspage: the same API, told apart by its ids
    "atlassian_statuspage",
    "instatus",
    "betterstack",
    "cstate",  # probes <page>/index.json, the document Better Stack's probe already fetched: no fetch more
    "cachet",
    "statuspal",  # its own hosts; custom domains by the summary's shape (status_page and services)
    "hund",  # its hosts only (*.hund.io): the live stream it is read from never ends, so it is no probe
    "openstatus",  # its hosts only (*.openstatus.dev)
    "hyperping",  # its hosts only (*.hyperping.app / .io)
    "sorry",  # its hosts only (<page id>.sorryapp.com)
    "statushub",  # its hosts only (<name>.statushub.io) and WP Engine's and Citrix's pages: its counters document is no shape to probe for
    "statuscake",  # its report host (uptime.statuscake.com/?TestID=<id>) and custom domains whose id is known
    "uptimerobot",  # stats.uptimerobot.com; custom domains by a probe of the home page for its pspApiPath
    "uptime_kuma",  # probes only where Kuma serves pages: the host, /status, /status/<slug>
    "upptime",  # probes <page>/history/summary.json (a page given as its repository's files); a website is told by its home-page marks
    "pagerduty",  # probes the home page for its JSON island: after the JSON probes, on the same fetch as status.io's
    "uptime_com",  # probes the home page for its controller's props, as PagerDuty's probe does
    "status_io",  # probes the home page's HTML: after the JSON probes
    "statuscast",  # probes the home page for its widgets, on the fetch PagerDuty's, Uptime.com's and status.io's probes share
    "site24x7_statusiq",  # its /rss by StatusIQ's marks: before the generic feed, which would read it as incidents
    "gatus",  # no probe: its web app's generated window.config on the home page the cascade fetches anyway
    "statping",  # no probe: its page's statping_container markup on the home page the cascade fetches anyway
    "rootly",  # custom domains only: a last-resort probe of /api/v1/status.json, after the home pages' markers and before the generic feed
    "feed",  # last: every Statuspage page also serves a feed
]

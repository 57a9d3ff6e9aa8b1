#include "providers/registry.h"

#include <memory>

#include "providers/atlassian_statuspage/atlassian_statuspage.h"
#include "providers/aws/aws.h"
#include "providers/azure/azure.h"
#include "providers/betterstack/betterstack.h"
#include "providers/cachet/cachet.h"
#include "providers/feed/feed_provider.h"
#include "providers/google_cloud/google_cloud.h"
#include "providers/heroku/heroku.h"
#include "providers/incident_io/incident_io.h"
#include "providers/instatus/instatus.h"
#include "providers/salesforce/salesforce.h"
#include "providers/slack/slack.h"
#include "providers/status_io/status_io.h"
#include "providers/uptime_kuma/uptime_kuma.h"

namespace statusphere::providers {

const std::vector<const Provider*>& AllProviders() {
  // One line per platform. Order is detection order for JSON probes: the most specific
  // shapes first, generic feeds last.
  static const auto* providers = new std::vector<const Provider*>{
      new Slack(),
      new Aws(),
      new GoogleCloud(),
      new Heroku(),
      new SalesforceTrust(),
      new Azure(),
      new IncidentIo(),
      new AtlassianStatuspage(),
      new Instatus(),
      new BetterStack(),
      new Cachet(),
      new UptimeKuma(),  // probes only where Kuma serves pages: the host, /status, /status/<slug>
      new StatusIo(),  // probes the home page's HTML: after the JSON probes
      new FeedProvider(),  // last: every Statuspage page also serves a feed
  };
  return *providers;
}

const Provider* FindProvider(absl::string_view name) {
  for (const Provider* p : AllProviders()) {
    if (p->name() == name) return p;
  }
  return nullptr;
}

}  // namespace statusphere::providers

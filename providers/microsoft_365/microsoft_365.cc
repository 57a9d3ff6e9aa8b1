#include "providers/microsoft_365/microsoft_365.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/vocabulary.h"
#include "providers/common/heading.h"
#include "providers/common/host.h"
#include "providers/common/html_text.h"
#include "providers/common/json_fields.h"
#include "providers/common/unique_ids.h"
#include "providers/common/utf8.h"
#include "providers/feed/feed_parser.h"
#include "providers/feed/item_id.h"
#include "pugixml.hpp"

namespace statusphere::providers {
namespace {

constexpr char kFeedRole[] = "feed";

// A post's <status>, lower-cased without spaces (the page's script spells both
// "ServiceDegradation" and "Service degradation"), in our words. Rows with no incident status
// are standing notices; a word not listed is an open incident of minor impact, since a state
// nobody mapped must not read as green.
struct PostStatus {
  absl::string_view theirs;
  absl::string_view component_status;
  absl::string_view incident_status;  // empty: not an incident
  absl::string_view heading;          // as the page's script prints it
};
constexpr PostStatus kPostStatus[] = {
    {"available", vocabulary::kComponentOperational, "", "Available"},
    {"operational", vocabulary::kComponentOperational, "", "Operational"},
    {"unknown", "unknown", "", "Unknown"},
    {"servicedegradation", vocabulary::kComponentDegradedPerformance, vocabulary::kLifecycleInvestigating,
     "Service degradation"},
    {"servicerestored", vocabulary::kComponentOperational, vocabulary::kLifecycleResolved, "Service restored"},
};
constexpr PostStatus kUnmapped = {"", vocabulary::kComponentDegradedPerformance, vocabulary::kLifecycleInvestigating,
                                  ""};

// Worse first, for the component's one status.
constexpr absl::string_view kComponentOrder[] = {vocabulary::kComponentDegradedPerformance, "unknown",
                                                 vocabulary::kComponentOperational};

const PostStatus& PostStatusOf(absl::string_view status) {
  std::string key;
  for (char c : absl::AsciiStrToLower(status)) {
    if (c != ' ' && c != '_') key += c;
  }
  for (const PostStatus& s : kPostStatus) {
    if (s.theirs == key) return s;
  }
  return kUnmapped;
}

int Rank(absl::string_view component_status) {
  for (size_t i = 0; i < std::size(kComponentOrder); ++i) {
    if (kComponentOrder[i] == component_status) return static_cast<int>(i);
  }
  return 0;
}

std::string Child(const pugi::xml_node item, const char* name) {
  return ValidUtf8(absl::StripAsciiWhitespace(item.child_value(name)));
}

}  // namespace

Detection Microsoft365::detection() const {
  Detection d;
  d.known_host = HomeIsOneOf({"status.cloud.microsoft"});
  return d;
}

FetchPlan Microsoft365::Fetches(absl::string_view page_url, statusphere::v1::ScrapeKind) const {
  return {{{kFeedRole, absl::StrCat(page_url, "/api/feed/mac")}}};
}

absl::StatusOr<ParsedPage> Microsoft365::Parse(absl::string_view page_url, const Documents& documents) const {
  ASSIGN_OR_RETURN(const Document* feed, documents.RequireOk(kFeedRole));
  pugi::xml_document doc;
  const pugi::xml_parse_result loaded = doc.load_buffer(feed->body.data(), feed->body.size());
  if (!loaded) return absl::InvalidArgumentError(absl::StrCat(feed->url, ": not XML: ", loaded.description()));
  const pugi::xml_node channel = doc.child("rss").child("channel");
  if (!channel)
    return absl::InvalidArgumentError(absl::StrCat(feed->url, ": no <rss><channel>: not Microsoft's status feed"));
  ParsedPage page;
  page.lists_every_open_incident = true;  // the feed holds the current posts only
  statusphere::v1::Component microsoft;
  microsoft.set_id("microsoft-365");
  microsoft.set_name("Microsoft 365");
  microsoft.set_status(vocabulary::kComponentOperational);
  for (const pugi::xml_node item : channel.children("item")) {
    const std::string word = Child(item, "status");
    if (page.platform_indicator.empty()) page.platform_indicator = word;
    const PostStatus& status = PostStatusOf(word);
    if (Rank(status.component_status) < Rank(microsoft.status()))
      microsoft.set_status(std::string(status.component_status));
    if (status.incident_status.empty()) continue;
    const std::string pub_date = Child(item, "pubDate");
    const std::optional<absl::Time> at = ParseRfc822(pub_date);
    if (!at || !IsPlausibleTime(*at)) {
      return absl::InvalidArgumentError(absl::StrCat(feed->url, ": a post's pubDate is not a date: '", pub_date, "'"));
    }
    const std::string title = Child(item, "title");
    const std::string text = TextOf(ValidUtf8(item.child_value("description")));
    statusphere::v1::Incident i;
    i.set_id(IncidentIdOf(Child(item, "link"), Child(item, "guid")));
    // Posts carry no id of their own when the feed gives neither: then the post's date and
    // title name it, and an edit of its text is an update of the same incident.
    if (i.id().empty()) i.set_id(DerivedItemId(*at, title, text));
    const std::string heading = status.heading.empty() ? HeadingOf(word) : std::string(status.heading);
    i.set_title(title.empty() ? absl::StrCat("Microsoft 365: ", heading) : title);
    i.set_impact(vocabulary::kImpactMinor);
    i.set_status(std::string(status.incident_status));
    i.set_deep_link(std::string(page_url));
    i.add_components(microsoft.name());
    *i.mutable_start_time() = ToProto(*at);
    if (status.incident_status == vocabulary::kLifecycleResolved) *i.mutable_end_time() = ToProto(*at);
    auto* e = i.add_events();
    e->set_id(absl::StrCat(absl::ToUnixSeconds(*at)));
    e->set_status(i.status());
    e->set_title(heading);
    e->set_description(text);
    *e->mutable_time() = ToProto(*at);
    page.incidents.push_back(std::move(i));
  }
  page.components.push_back(std::move(microsoft));
  return RequireUniqueIncidentIds(feed->url, std::move(page));
}

}  // namespace statusphere::providers

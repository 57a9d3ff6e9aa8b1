#include "server/report_bounds.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/metrics/metrics.h"
#include "common/proto_time.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "common/web_link.h"

namespace statusphere {
namespace {

constexpr absl::string_view kCutMark = " [cut by statusphere]";

// Cuts `text` to at most `max` bytes on a UTF-8 character boundary, marked as cut.
bool Cut(std::string* text, size_t max) {
  if (text->size() <= max) return false;
  text->resize(Utf8Prefix(*text, max > kCutMark.size() ? max - kCutMark.size() : 0).size());
  if (max > kCutMark.size()) text->append(kCutMark.data(), kCutMark.size());
  return true;
}

void Count(absl::string_view what, int n) {
  if (n <= 0) return;
  static metrics::Family<metrics::Counter>& family = metrics::DefaultRegistry().AddCounter(
      "statusphere_report_cuts_total",
      "What the server's bounds cut from scrape reports: texts cut, updates dropped (oldest first), components "
      "dropped.",
      {"what"});
  family.With({std::string(what)}).Increment(n);
}

}  // namespace

ReportCuts BoundReport(store::ScrapeReport& report, const ReportBounds& bounds) {
  ReportCuts cuts;
  auto cut = [&](std::string* text, size_t max) { cuts.texts_cut += Cut(text, max) ? 1 : 0; };
  for (v1::Component& component : report.components) {
    cut(component.mutable_name(), bounds.max_component_name_bytes);
    cut(component.mutable_group(), bounds.max_component_name_bytes);
  }
  for (v1::Incident& incident : report.incidents) {
    if (!IsWebLink(incident.deep_link())) incident.clear_deep_link();
    cut(incident.mutable_title(), bounds.max_title_bytes);
    cut(incident.mutable_description(), bounds.max_body_bytes);
    if (incident.components_size() > bounds.max_components_per_incident) {
      cuts.components_dropped += incident.components_size() - bounds.max_components_per_incident;
      incident.mutable_components()->DeleteSubrange(bounds.max_components_per_incident,
                                                    incident.components_size() - bounds.max_components_per_incident);
    }
    for (std::string& component : *incident.mutable_components()) cut(&component, bounds.max_component_name_bytes);
    if (incident.events_size() > bounds.max_updates_per_incident) {
      // The newest are kept, as the store keeps them.
      auto* events = incident.mutable_events();
      std::stable_sort(events->begin(), events->end(), [](const v1::IncidentEvent& a, const v1::IncidentEvent& b) {
        return ToMicros(a.time()) > ToMicros(b.time());
      });
      cuts.updates_dropped += events->size() - bounds.max_updates_per_incident;
      events->DeleteSubrange(bounds.max_updates_per_incident, events->size() - bounds.max_updates_per_incident);
    }
    for (v1::IncidentEvent& event : *incident.mutable_events()) {
      cut(event.mutable_title(), bounds.max_title_bytes);
      cut(event.mutable_description(), bounds.max_body_bytes);
    }
  }
  return cuts;
}

absl::StatusOr<store::ReportSummary> ApplyBoundedReport(store::Store& store, const std::string& lease_id,
                                                        store::ScrapeReport report, const store::SchedulePolicy& policy,
                                                        absl::Time now, const ReportBounds& bounds) {
  const ReportCuts cuts = BoundReport(report, bounds);
  ASSIGN_OR_RETURN(store::ReportSummary summary, store.ApplyReport(lease_id, report, policy, now));
  const int dropped = cuts.updates_dropped + summary.updates_dropped;
  if (cuts.any() || dropped > 0) {
    log::Warn("report.bounded", {{"page", summary.page_url},
                                 {"texts_cut", cuts.texts_cut},
                                 {"updates_dropped", dropped},
                                 {"components_dropped", cuts.components_dropped}});
    Count("text_cut", cuts.texts_cut);
    Count("update_dropped", dropped);
    Count("component_dropped", cuts.components_dropped);
  }
  return summary;
}

}  // namespace statusphere

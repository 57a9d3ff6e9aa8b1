#include "providers/fuzzing/page_invariants.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/vocabulary.h"
#include "providers/common/utf8.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::fuzz {
namespace {

// Unset, or between 1970 and 2200: wider than the providers' own plausibility window
// (IsPlausibleTime), narrow enough to catch overflowed or saturated times (absl's
// ToUnixNanos saturates in 2262), which no status page means.
bool IsSaneTimestamp(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return true;
  return t.seconds() > 0 && t.seconds() < 7258118400 && t.nanos() >= 0 && t.nanos() <= 999999999;
}

bool IsSet(const google::protobuf::Timestamp& t) { return t.seconds() != 0 || t.nanos() != 0; }

}  // namespace

void Fail(absl::string_view who, absl::string_view what) {
  std::fprintf(stderr, "fuzz invariant broken in %.*s: %.*s\n", static_cast<int>(who.size()), who.data(),
               static_cast<int>(what.size()), what.data());
  std::abort();
}

void CheckParseResult(absl::string_view who, const absl::StatusOr<providers::ParsedPage>& result) {
  if (!result.ok()) {
    const absl::StatusCode code = result.status().code();
    if (code != absl::StatusCode::kInvalidArgument && code != absl::StatusCode::kUnavailable &&
        code != absl::StatusCode::kNotFound) {
      Fail(who, absl::StrCat("untyped error: ", result.status().ToString()));
    }
    // The message becomes the scraper's ScrapeFailure.message, a proto3 string too.
    if (!providers::IsValidUtf8(result.status().message())) Fail(who, "an error message that is not UTF-8");
    return;
  }
  // The message the scraper sends; the server checks it as below and rejects it whole.
  statusphere::v1::ScrapeSuccess success;
  std::set<std::string> ids;
  for (const auto& incident : result->incidents) {
    const std::string where = absl::StrCat("incident '", incident.id(), "': ");
    if (incident.id().empty()) Fail(who, "an incident without an id");
    if (!ids.insert(incident.id()).second) Fail(who, where + "duplicate id");
    if (!vocabulary::IsImpact(incident.impact())) Fail(who, where + "impact '" + incident.impact() + "'");
    if (!IsSet(incident.start_time())) Fail(who, where + "no start_time");
    for (const auto* t : {&incident.start_time(), &incident.end_time(), &incident.scheduled_start_time(),
                          &incident.scheduled_end_time()}) {
      if (!IsSaneTimestamp(*t)) Fail(who, where + "a time out of range (1970 to 2200)");
    }
    for (const auto& event : incident.events()) {
      if (!IsSaneTimestamp(event.time())) Fail(who, where + "an update's time out of range (1970 to 2200)");
    }
    *success.add_incidents() = incident;
  }
  for (const auto& component : result->components) *success.add_components() = component;
  // proto3 strings must be UTF-8: the server would fail to parse the whole report.
  std::string wire;
  if (!success.SerializeToString(&wire)) Fail(who, "the result does not serialize");
  statusphere::v1::ScrapeSuccess back;
  if (!back.ParseFromString(wire)) Fail(who, "the result does not parse back (invalid UTF-8 in a string?)");
}

}  // namespace statusphere::fuzz

#include "providers/common/repeated_updates.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/proto_time.h"
#include "providers/common/stable_hash.h"

namespace statusphere::providers {
namespace {

// What makes two updates alike: the store's content key (time, title, and the text with
// whitespace runs as one space), so that exactly the updates it would merge are kept apart.
std::string ContentOf(const statusphere::v1::IncidentEvent& e) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(e.description(), absl::ByAnyChar(" \t\n\r\f\v"), absl::SkipEmpty());
  return absl::StrCat(ToMicros(e.time()), "\n", e.title(), "\n", absl::StrJoin(words, " "));
}

}  // namespace

void KeepRepeatedUpdatesApart(statusphere::v1::Incident& incident) {
  std::map<std::string, int> seen;
  for (auto& e : *incident.mutable_events()) {
    if (!e.id().empty()) continue;
    const std::string content = ContentOf(e);
    const int rank = ++seen[content];
    if (rank > 1) e.set_id(absl::StrFormat("repeat-%016x-%d", Fnv1a64(content), rank));
  }
}

}  // namespace statusphere::providers

#include "providers/common/repeated_updates.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/proto_time.h"
#include "providers/common/stable_hash.h"

namespace statusphere::providers {
namespace {

// What makes two updates alike: the same as the store's content key (whitespace runs
// count as one space), so that exactly the updates it would merge are kept apart.
std::string ContentOf(const statusphere::v1::IncidentEvent& e) {
  std::string key = absl::StrCat(ToMicros(e.time()), "\n", e.title(), "\n");
  bool space = false;
  for (char c : absl::StripAsciiWhitespace(e.description())) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += c;
  }
  return key;
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

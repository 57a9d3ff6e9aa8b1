#include "providers/hund/server_sent_events.h"

#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace statusphere::providers {

std::optional<std::string> SseEventData(absl::string_view stream, absl::string_view name) {
  // Lines end with \r\n, \n or \r; an empty line ends an event (the WHATWG EventSource rules).
  std::string event;
  std::vector<absl::string_view> data;
  bool has_data = false;
  size_t pos = 0;
  while (pos < stream.size()) {
    const size_t end = stream.find_first_of("\r\n", pos);
    if (end == absl::string_view::npos) break;  // a last line without its end: not whole
    absl::string_view line = stream.substr(pos, end - pos);
    pos = end + 1;
    if (stream[end] == '\r' && pos < stream.size() && stream[pos] == '\n') ++pos;
    if (line.empty()) {
      if (event == name && has_data) return absl::StrJoin(data, "\n");
      event.clear();
      data.clear();
      has_data = false;
      continue;
    }
    if (line.front() == ':') continue;  // a comment (keep-alive)
    absl::string_view field = line.substr(0, line.find(':'));
    absl::string_view value = field.size() < line.size() ? line.substr(field.size() + 1) : "";
    absl::ConsumePrefix(&value, " ");
    if (field == "event") event = std::string(value);
    if (field == "data") {
      data.push_back(value);
      has_data = true;
    }
  }
  return std::nullopt;
}

}  // namespace statusphere::providers

#include "providers/pagerduty/data_island.h"

#include <gumbo.h>

#include "absl/strings/str_cat.h"
#include "providers/common/html_document.h"

namespace statusphere::providers {
namespace {

bool AttributeIs(const GumboElement& element, const char* name, absl::string_view value) {
  const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
  return a != nullptr && absl::string_view(a->value) == value;
}

}  // namespace

std::optional<std::string> DataIslandText(absl::string_view html) {
  HtmlDocument document(html);
  std::optional<std::string> island;  // the first in document order
  ForEachElement(document, [&](const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_SCRIPT && AttributeIs(element, "id", "data") &&
        AttributeIs(element, "type", "application/json")) {
      island = NodeText(node);
    }
    return !island;
  });
  return island;
}

bool HasPagerDutyShape(const Json& data) {
  if (!data.is_object() || !data.contains("summary") || !data["summary"].is_object()) return false;
  const Json& summary = data["summary"];
  auto is_array = [&](const char* key) { return summary.contains(key) && summary[key].is_array(); };
  return is_array("post_status_page_services") && (is_array("open_incidents") || is_array("resolved_incidents"));
}

absl::StatusOr<Json> PagerDutyData(absl::string_view url, absl::string_view html) {
  std::optional<std::string> island = DataIslandText(html);
  if (!island) {
    if (absl::Status refused = HtmlParseRefusal(html); !refused.ok()) {
      return absl::Status(refused.code(), absl::StrCat(url, ": ", refused.message()));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(url, ": no <script id=\"data\" type=\"application/json\">: not a PagerDuty status page"));
  }
  absl::StatusOr<Json> data = ParseJsonObject(url, *island);
  if (!data.ok()) return data.status();
  if (!HasPagerDutyShape(*data)) {
    return absl::InvalidArgumentError(
        absl::StrCat(url, ": the page's data has no summary with services and incidents: not PagerDuty's"));
  }
  return data;
}

}  // namespace statusphere::providers

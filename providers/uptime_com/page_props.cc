#include "providers/uptime_com/page_props.h"

#include <gumbo.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "providers/common/html_document.h"

namespace statusphere::providers {
namespace {

constexpr absl::string_view kController = "createElement(StatusPageDisplayController";

// The object starting at text[0] == '{', up to its matching brace; braces inside JSON strings
// do not count. nullopt when it does not close.
std::optional<absl::string_view> BalancedObject(absl::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return text.substr(0, i + 1);
    }
  }
  return std::nullopt;
}

// The props in one script's text: after the call's name, a comma, then the object.
std::optional<std::string> PropsIn(absl::string_view script) {
  const size_t at = script.find(kController);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(script.substr(at + kController.size()));
  if (rest.empty() || rest.front() != ',') return std::nullopt;
  rest = absl::StripLeadingAsciiWhitespace(rest.substr(1));
  if (rest.empty() || rest.front() != '{') return std::nullopt;
  std::optional<absl::string_view> object = BalancedObject(rest);
  if (!object) return std::nullopt;
  return std::string(*object);
}

}  // namespace

std::optional<std::string> StatusPagePropsText(absl::string_view html) {
  HtmlDocument document(html);
  std::optional<std::string> props;  // from the first inline script that starts the controller
  ForEachElement(document, [&](const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_SCRIPT && gumbo_get_attribute(&element.attributes, "src") == nullptr) {
      props = PropsIn(NodeText(node));
    }
    return !props;
  });
  return props;
}

absl::StatusOr<Json> UptimeComStatusPage(absl::string_view url, absl::string_view html) {
  std::optional<std::string> props = StatusPagePropsText(html);
  if (!props) {
    if (absl::Status refused = HtmlParseRefusal(html); !refused.ok()) {
      return absl::Status(refused.code(), absl::StrCat(url, ": ", refused.message()));
    }
    return absl::InvalidArgumentError(
        absl::StrCat(url, ": no script starts StatusPageDisplayController: not an Uptime.com status page"));
  }
  absl::StatusOr<Json> json = ParseJsonObject(url, *props);
  if (!json.ok()) return json.status();
  if (!json->contains("statuspage") || !(*json)["statuspage"].is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(url, ": the controller's props have no 'statuspage' object"));
  }
  Json page = (*json)["statuspage"];
  if (!page.contains("components") || !page["components"].is_array() || !page.contains("global_is_operational") ||
      !page["global_is_operational"].is_boolean()) {
    return absl::InvalidArgumentError(
        absl::StrCat(url, ": the status page has no 'components' list or 'global_is_operational' flag"));
  }
  return page;
}

}  // namespace statusphere::providers

#include "server/notify/incident_text.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/utf8.h"
#include "common/vocabulary.h"
#include "common/web_link.h"
#include "server/notify/signature.h"

namespace statusphere::notify {

std::string Truncate(absl::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return absl::StrCat(Utf8Prefix(text, max - 3), "...");
}

std::string Verb(v1::IncidentChange::Kind kind) {
  switch (kind) {
    case v1::IncidentChange::CREATED:
      return "New incident";
    case v1::IncidentChange::RESOLVED:
      return "Resolved";
    default:
      return "Update";
  }
}

std::string Headline(const Notification& n) {
  const bool maintenance = n.incident.impact() == vocabulary::kImpactMaintenance;
  return absl::StrCat(
      maintenance ? (n.kind == v1::IncidentChange::CREATED ? "Maintenance scheduled" : Verb(n.kind)) : Verb(n.kind),
      " on ", n.page_name, ": ", n.incident.title());
}

std::string LatestUpdate(const v1::Incident& incident) {
  if (incident.events().empty()) return incident.description();
  const v1::IncidentEvent& e = incident.events(0);
  return e.title().empty() ? e.description() : absl::StrCat(e.title(), " - ", e.description());
}

std::string Components(const v1::Incident& incident) {
  std::string out;
  for (const std::string& c : incident.components()) absl::StrAppend(&out, out.empty() ? "" : ", ", c);
  return out.empty() ? "-" : out;
}

std::string Impact(const v1::Incident& incident) { return incident.impact().empty() ? "none" : incident.impact(); }

std::string Status(const v1::Incident& incident) { return incident.status().empty() ? "-" : incident.status(); }

std::string IncidentLink(const v1::Incident& incident) {
  return WebLinkOr(incident.deep_link(), incident.status_page_url());
}

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

std::string HtmlEscape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

std::string BackslashEscape(absl::string_view text, absl::string_view markup) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (markup.find(c) != absl::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string DefuseMentions(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '@') out += "\xE2\x81\xA0";  // U+2060 WORD JOINER
  }
  return out;
}

std::string HeaderText(absl::string_view text, size_t max, absl::string_view between_words) {
  std::string clean = ToValidUtf8(text);
  bool ascii = true;
  for (char& c : clean) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
    if (u >= 0x80) ascii = false;
  }
  clean = Truncate(clean, max);
  if (ascii) return clean;
  // 45 bytes encode to 60 characters: with "=?UTF-8?B?" and "?=" a word stays under 75.
  std::string out;
  for (absl::string_view rest = clean; !rest.empty();) {
    const absl::string_view chunk = Utf8Prefix(rest, 45);
    absl::StrAppend(&out, out.empty() ? "" : between_words, "=?UTF-8?B?", absl::Base64Escape(chunk), "?=");
    rest.remove_prefix(chunk.size());
  }
  return out;
}

std::string IncidentThreadKey(const Notification& n) {
  // Hashed: page URLs and vendor ids are long and of any alphabet; a key made of them
  // would need escaping in every place it goes (a URL parameter, a mail header).
  const std::string digest =
      HmacSha256Hex("statusphere incident thread", absl::StrCat(n.incident.status_page_url(), "\n", n.incident.id()));
  return absl::StrCat(n.subscription_id.substr(0, 24), "-", digest.substr(0, 32));
}

}  // namespace statusphere::notify

#include "server/atom_feed.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "common/web_link.h"

namespace statusphere {
namespace {

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

// Percent-encodes what may not appear in a URN's specific part.
std::string UrnPart(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(&out, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

std::string EntryText(const v1::Incident& incident) {
  std::string text;
  if (!incident.impact().empty()) absl::StrAppend(&text, "Impact: ", incident.impact(), "\n");
  if (!incident.status().empty()) absl::StrAppend(&text, "Status: ", incident.status(), "\n");
  if (incident.components_size() > 0) {
    absl::StrAppend(&text, "Components: ");
    for (int i = 0; i < incident.components_size(); ++i) absl::StrAppend(&text, i ? ", " : "", incident.components(i));
    text += "\n";
  }
  for (const auto& event : incident.events()) {  // stored newest first
    absl::StrAppend(&text, "\n", IsSet(event.time()) ? Rfc3339(FromProto(event.time())) : "", " ",
                    event.title().empty() ? event.status() : event.title(), "\n", event.description(), "\n");
  }
  if (incident.events_size() == 0 && !incident.description().empty())
    absl::StrAppend(&text, "\n", incident.description(), "\n");
  return text;
}

}  // namespace

// Drops characters XML 1.0 forbids (control characters other than tab and newlines), which
// a feed or sitemap parser would reject.
std::string XmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        out += c;
    }
  }
  return out;
}

absl::Time IncidentUpdated(const v1::Incident& incident) {
  absl::Time updated = IsSet(incident.start_time()) ? FromProto(incident.start_time()) : absl::UnixEpoch();
  if (IsSet(incident.end_time())) updated = std::max(updated, FromProto(incident.end_time()));
  for (const auto& event : incident.events()) {
    if (IsSet(event.time())) updated = std::max(updated, FromProto(event.time()));
  }
  return updated;
}

std::string RenderAtomFeed(const AtomFeedHeader& header, const std::vector<v1::Incident>& incidents,
                           const std::map<std::string, std::string>& page_names, absl::Time now) {
  absl::Time feed_updated = absl::InfinitePast();
  for (const auto& incident : incidents) feed_updated = std::max(feed_updated, IncidentUpdated(incident));
  if (incidents.empty()) feed_updated = now;

  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  absl::StrAppend(&xml, "  <id>", XmlEscape(header.id), "</id>\n  <title>", XmlEscape(header.title),
                  "</title>\n  <updated>", Rfc3339(feed_updated), "</updated>\n  <generator>statusphere</generator>\n");
  if (IsWebLink(header.self_url))
    absl::StrAppend(&xml, "  <link rel=\"self\" href=\"", XmlEscape(header.self_url), "\"/>\n");
  if (IsWebLink(header.alternate_url)) {
    absl::StrAppend(&xml, "  <link rel=\"alternate\" href=\"", XmlEscape(header.alternate_url), "\"/>\n");
  }
  for (const auto& incident : incidents) {
    auto name = page_names.find(incident.status_page_url());
    const std::string page = name != page_names.end() ? name->second : incident.status_page_url();
    // Feed readers follow it: only an http(s) link, else the page's own (common/web_link.h).
    const std::string link = WebLinkOr(incident.deep_link(), incident.status_page_url());
    const absl::Time published =
        IsSet(incident.start_time()) ? FromProto(incident.start_time()) : IncidentUpdated(incident);
    absl::StrAppend(
        &xml, "  <entry>\n    <id>urn:statusphere:incident:", XmlEscape(UrnPart(incident.status_page_url())), ":",
        XmlEscape(UrnPart(incident.id())), "</id>\n    <title>", XmlEscape(page), ": ",
        XmlEscape(IsSet(incident.end_time()) ? absl::StrCat("[resolved] ", incident.title()) : incident.title()),
        "</title>\n    <updated>", Rfc3339(IncidentUpdated(incident)), "</updated>\n    <published>",
        Rfc3339(published), "</published>\n    <author><name>", XmlEscape(page), "</name></author>\n");
    if (!link.empty()) absl::StrAppend(&xml, "    <link rel=\"alternate\" href=\"", XmlEscape(link), "\"/>\n");
    if (!incident.impact().empty())
      absl::StrAppend(&xml, "    <category term=\"", XmlEscape(incident.impact()), "\"/>\n");
    absl::StrAppend(&xml, "    <content type=\"text\">", XmlEscape(EntryText(incident)), "</content>\n  </entry>\n");
  }
  xml += "</feed>\n";
  return xml;
}

}  // namespace statusphere

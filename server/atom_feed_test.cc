// The Atom feed as a feed reader reads it: what its links point at.
#include "server/atom_feed.h"

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/proto_time.h"
#include "gtest/gtest.h"
#include "pugixml.hpp"

namespace statusphere {
namespace {

v1::Incident WithLink(const std::string& id, const std::string& link) {
  v1::Incident i;
  i.set_id(id);
  i.set_title("API down");
  i.set_impact("major");
  i.set_status_page_url("https://status.example.com");
  i.set_deep_link(link);
  *i.mutable_start_time() = ToProto(absl::FromUnixSeconds(1'700'000'000));
  return i;
}

std::vector<std::string> EntryLinks(const std::string& xml) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str())) << xml;
  std::vector<std::string> links;
  for (pugi::xml_node entry : doc.child("feed").children("entry")) {
    links.push_back(entry.child("link").attribute("href").value());
  }
  return links;
}

TEST(AtomFeed, EntryLinksAreHttpOrThePage) {
  std::vector<v1::Incident> incidents = {
      WithLink("a", "https://status.example.com/incidents/a"),
      WithLink("b", "javascript:alert(document.cookie)"),
      WithLink("c", " JaVaScRiPt:alert(1)"),
      WithLink("d", "data:text/html;base64,PHNjcmlwdD4="),
      WithLink("e", "java\tscript:alert(1)"),
      WithLink("f", "//evil.example/x"),
      WithLink("g", ""),
  };
  const std::string xml = RenderAtomFeed({"urn:x", "t", "", ""}, incidents, {}, absl::Now());
  EXPECT_EQ(EntryLinks(xml), (std::vector<std::string>{"https://status.example.com/incidents/a",
                                                       "https://status.example.com", "https://status.example.com",
                                                       "https://status.example.com", "https://status.example.com",
                                                       "https://status.example.com", "https://status.example.com"}));
  EXPECT_EQ(xml.find("script:"), std::string::npos);
  EXPECT_EQ(xml.find("data:"), std::string::npos);
}

TEST(AtomFeed, FeedLinksOnlyWhenHttp) {
  const std::string xml =
      RenderAtomFeed({"urn:x", "t", "javascript:alert(1)", "https://status.example.com"}, {}, {}, absl::Now());
  EXPECT_EQ(xml.find("rel=\"self\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<link rel=\"alternate\" href=\"https://status.example.com\"/>"), std::string::npos) << xml;
}

}  // namespace
}  // namespace statusphere

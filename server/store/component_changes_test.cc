#include "server/store/component_changes.h"

#include "gtest/gtest.h"

namespace statusphere::store {
namespace {

v1::Component Make(const std::string& id, const std::string& name, const std::string& status,
                   const std::string& group = "") {
  v1::Component c;
  c.set_id(id);
  c.set_name(name);
  c.set_status(status);
  c.set_group(group);
  return c;
}

TEST(ComponentStatusChangesTest, ListsEveryComponentWhoseStatusChangedWithOldAndNew) {
  const auto changes = ComponentStatusChanges(
      {Make("a", "API", "operational"), Make("b", "Web", "operational"), Make("c", "Jobs", "partial_outage")},
      {Make("a", "API", "major_outage"), Make("b", "Web", "operational"), Make("c", "Jobs", "operational")});
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].id(), "a");
  EXPECT_EQ(changes[0].name(), "API");
  EXPECT_EQ(changes[0].old_status(), "operational");
  EXPECT_EQ(changes[0].new_status(), "major_outage");
  EXPECT_EQ(changes[1].name(), "Jobs");
  EXPECT_EQ(changes[1].old_status(), "partial_outage");
  EXPECT_EQ(changes[1].new_status(), "operational");
}

TEST(ComponentStatusChangesTest, AFirstScrapeOrComponentsAppearingOrVanishingAreNoChange) {
  EXPECT_TRUE(ComponentStatusChanges({}, {Make("a", "API", "major_outage")}).empty());
  EXPECT_TRUE(ComponentStatusChanges({Make("a", "API", "operational")}, {Make("b", "Web", "major_outage")}).empty());
}

TEST(ComponentStatusChangesTest, MatchesByIdThroughARenameAndByGroupAndNameWithoutIds) {
  auto renamed = ComponentStatusChanges({Make("a", "API", "operational")}, {Make("a", "Public API", "major_outage")});
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(renamed[0].name(), "Public API");

  // Feeds and HTML pages give no ids: the same name in two groups is two components.
  auto by_name =
      ComponentStatusChanges({Make("", "API", "operational", "EU"), Make("", "API", "operational", "US")},
                             {Make("", "API", "operational", "EU"), Make("", "API", "partial_outage", "US")});
  ASSERT_EQ(by_name.size(), 1u);
  EXPECT_EQ(by_name[0].group(), "US");

  // A new component (new id) that took a stored one's name is not that component.
  EXPECT_TRUE(ComponentStatusChanges({Make("a", "API", "operational")}, {Make("z", "API", "major_outage")}).empty());
}

}  // namespace
}  // namespace statusphere::store

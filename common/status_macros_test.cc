#include "common/status_macros.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace statusphere {
namespace {

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError(absl::StrCat(n, " is odd"));
  return n / 2;
}

absl::Status CheckEven(int n) { return Half(n).status(); }

absl::Status BothEven(int a, int b) {
  RETURN_IF_ERROR(CheckEven(a));
  RETURN_IF_ERROR(Half(b));  // a StatusOr works too
  return absl::OkStatus();
}

absl::StatusOr<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(auto quarter, Half(half));
  return quarter;
}

absl::StatusOr<std::string> MoveOnly(bool fail) {
  auto make = [&]() -> absl::StatusOr<std::unique_ptr<std::string>> {
    if (fail) return absl::NotFoundError("none");
    return std::make_unique<std::string>("moved");
  };
  std::unique_ptr<std::string> value;
  ASSIGN_OR_RETURN(value, make());  // an existing variable
  return *value;
}

TEST(StatusMacros, ReturnIfErrorPassesTheFirstError) {
  EXPECT_TRUE(BothEven(2, 4).ok());
  EXPECT_EQ(BothEven(3, 4).message(), "3 is odd");
  EXPECT_EQ(BothEven(2, 5).message(), "5 is odd");
}

TEST(StatusMacros, AssignOrReturnAssignsOrReturns) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(7).status().message(), "7 is odd");
  EXPECT_EQ(Quarter(6).status().message(), "3 is odd");
  EXPECT_EQ(*MoveOnly(false), "moved");
  EXPECT_EQ(MoveOnly(true).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace statusphere

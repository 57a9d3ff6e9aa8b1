#include "common/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "gtest/gtest.h"

namespace statusphere {
namespace {

std::string Reason(const char* ip) { return NonPublicReason(*IpAddress::Parse(ip)); }

TEST(IpAddressTest, ParsesBothFamiliesAndPrintsThemBack) {
  EXPECT_EQ(IpAddress::Parse("10.1.2.3")->ToString(), "10.1.2.3");
  EXPECT_EQ(IpAddress::Parse("[::1]")->ToString(), "::1");
  EXPECT_EQ(IpAddress::Parse("2606:4700::6810:84e5")->ToString(), "2606:4700::6810:84e5");
  EXPECT_TRUE(IpAddress::Parse("::ffff:127.0.0.1")->is_v4());
  EXPECT_FALSE(IpAddress::Parse("status.example.com").ok());
  EXPECT_FALSE(IpAddress::Parse("1.2.3").ok());
}

TEST(IpAddressTest, ReadsSockaddrs) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "169.254.169.254", &in.sin_addr);
  EXPECT_EQ(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in))->ToString(), "169.254.169.254");
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
  EXPECT_EQ(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in6))->ToString(), "fe80::1");
}

TEST(NonPublicReasonTest, PublicAddressesPass) {
  EXPECT_EQ(Reason("140.82.112.3"), "");
  EXPECT_EQ(Reason("8.8.8.8"), "");
  EXPECT_EQ(Reason("172.32.0.1"), "");   // just outside 172.16/12
  EXPECT_EQ(Reason("100.128.0.1"), "");  // just outside 100.64/10
  EXPECT_EQ(Reason("2606:4700::6810:84e5"), "");
  EXPECT_EQ(Reason("2002:808:808::1"), "");  // 6to4 of 8.8.8.8
}

TEST(NonPublicReasonTest, EveryPrivateKindIsNamed) {
  EXPECT_EQ(Reason("127.0.0.1"), "loopback");
  EXPECT_EQ(Reason("127.255.255.254"), "loopback");
  EXPECT_EQ(Reason("::1"), "loopback");
  EXPECT_EQ(Reason("10.20.30.40"), "private network");
  EXPECT_EQ(Reason("172.31.255.255"), "private network");
  EXPECT_EQ(Reason("192.168.1.1"), "private network");
  EXPECT_NE(Reason("169.254.169.254").find("metadata"), std::string::npos);
  EXPECT_EQ(Reason("100.100.100.200"), "carrier-grade NAT network");
  EXPECT_EQ(Reason("0.0.0.0"), "'this network' address");
  EXPECT_EQ(Reason("255.255.255.255"), "reserved (or broadcast)");
  EXPECT_EQ(Reason("224.0.0.251"), "multicast");
  EXPECT_EQ(Reason("fd00:ec2::254"), "unique local (private) network");
  EXPECT_EQ(Reason("fe80::1"), "link-local address");
  EXPECT_EQ(Reason("::"), "unspecified address");
}

TEST(NonPublicReasonTest, SeesThroughIpv6TransitionFormats) {
  EXPECT_EQ(Reason("::ffff:10.0.0.1"), "private network");
  EXPECT_NE(Reason("64:ff9b::7f00:1").find("loopback"), std::string::npos);      // NAT64 of 127.0.0.1
  EXPECT_NE(Reason("2002:a9fe:a9fe::1").find("link-local"), std::string::npos);  // 6to4 of 169.254.169.254
  EXPECT_NE(Reason("2001:0:4136:e378::1").find("Teredo"), std::string::npos);
}

TEST(IpRangeTest, ParsesAndMatches) {
  IpRange v4 = *IpRange::Parse("10.0.0.0/8");
  EXPECT_TRUE(v4.Contains(*IpAddress::Parse("10.255.0.1")));
  EXPECT_FALSE(v4.Contains(*IpAddress::Parse("11.0.0.1")));
  IpRange single = *IpRange::Parse("::1");
  EXPECT_TRUE(single.Contains(*IpAddress::Parse("::1")));
  EXPECT_FALSE(single.Contains(*IpAddress::Parse("::2")));
  IpRange odd = *IpRange::Parse("172.16.0.0/12");
  EXPECT_TRUE(odd.Contains(*IpAddress::Parse("172.31.0.1")));
  EXPECT_FALSE(odd.Contains(*IpAddress::Parse("172.32.0.1")));
  EXPECT_FALSE(IpRange::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(IpRange::Parse("10.0.0.0/x").ok());
  EXPECT_FALSE(IpRange::Parse("localhost").ok());
}

TEST(AddressPolicyTest, DefaultRefusesPrivateWithAClearMessage) {
  AddressPolicy policy;
  EXPECT_TRUE(policy.Check(*IpAddress::Parse("140.82.112.3")).ok());
  absl::Status s = policy.Check(*IpAddress::Parse("169.254.169.254"));
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("169.254.169.254 is a link-local"), std::string::npos) << s;
}

TEST(AddressPolicyTest, AllowListOpensOnlyItsRanges) {
  AddressPolicy policy = *AddressPolicy::Parse("127.0.0.0/8, ::1");
  EXPECT_TRUE(policy.Check(*IpAddress::Parse("127.0.0.1")).ok());
  EXPECT_TRUE(policy.Check(*IpAddress::Parse("::1")).ok());
  EXPECT_FALSE(policy.Check(*IpAddress::Parse("10.0.0.1")).ok());
  EXPECT_TRUE(AddressPolicy::Parse("any")->Check(*IpAddress::Parse("10.0.0.1")).ok());
  absl::StatusOr<AddressPolicy> bad = AddressPolicy::Parse("127.0.0.0/8,nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nonsense"), std::string::npos);
}

TEST(AddressPolicyTest, CheckHostResolvesNames) {
  AddressPolicy policy;
  // "localhost" resolves to loopback through /etc/hosts, without any network.
  absl::Status s = policy.CheckHost("localhost");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << s;
  EXPECT_NE(s.message().find("localhost"), std::string::npos);
  EXPECT_EQ(policy.CheckHost("127.0.0.1").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.CheckHost("no-such-host.invalid").code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(AddressPolicy::Parse("127.0.0.0/8,::1")->CheckHost("localhost").ok());
}

TEST(UrlHostTest, ExtractsTheHost) {
  EXPECT_EQ(*UrlHost("https://www.githubstatus.com/history?page=2"), "www.githubstatus.com");
  EXPECT_EQ(*UrlHost("http://127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(*UrlHost("http://[::1]:8080/x"), "::1");
  EXPECT_EQ(*UrlHost("http://user:pw@10.0.0.1/"), "10.0.0.1");
  EXPECT_FALSE(UrlHost("not a url").ok());
  EXPECT_FALSE(UrlHost("http:///path").ok());
}

}  // namespace
}  // namespace statusphere

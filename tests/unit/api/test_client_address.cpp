// --trusted-proxies: forwarded addresses are believed only from trusted peers, read from the right.
#include <gtest/gtest.h>

#include "storefleet/api/client_address.hpp"

using namespace storefleet::api;

namespace {
const auto kProxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7,fd00::/8");
using H = std::map<std::string, std::string>;
}  // namespace

TEST(TrustedProxies, ParsesAddressesAndNetworks) {
  EXPECT_TRUE(kProxies.trusts("10.200.3.4"));
  EXPECT_TRUE(kProxies.trusts("192.168.1.7"));
  EXPECT_FALSE(kProxies.trusts("192.168.1.8"));
  EXPECT_FALSE(kProxies.trusts("11.0.0.1"));
  EXPECT_TRUE(kProxies.trusts("fd12::1"));
  EXPECT_FALSE(kProxies.trusts("fe80::1"));
  EXPECT_TRUE(kProxies.trusts("::ffff:10.1.1.1")) << "an IPv4-mapped peer of a dual-stack socket";
  EXPECT_TRUE(TrustedProxies::parse("").empty());
  EXPECT_TRUE(TrustedProxies::parse("0.0.0.0/0").trusts("203.0.113.9"));
  EXPECT_FALSE(TrustedProxies::parse("0.0.0.0/0").trusts("2001:db8::1")) << "families never mix";
}

TEST(TrustedProxies, RefusesWhatIsNotACidr) {
  for (const char* bad : {"10.0.0.0/33", "fd00::/129", "10.0.0/8", "proxy.local", "10.0.0.0/", "10.0.0.0/8,,1.2.3.4",
                          "10.0.0.0/x"})
    EXPECT_THROW(TrustedProxies::parse(bad), std::invalid_argument) << bad;
}

TEST(ClientAddress, HeadersFromAnUntrustedPeerAreIgnored) {
  const H spoofed{{"X-Forwarded-For", "1.2.3.4"}, {"Forwarded", "for=5.6.7.8"}};
  EXPECT_EQ(client_address("203.0.113.9", spoofed, kProxies), "203.0.113.9");
  EXPECT_EQ(client_address("203.0.113.9", spoofed, TrustedProxies{}), "203.0.113.9") << "no flag: never believed";
  EXPECT_EQ(client_address("127.0.0.1", spoofed, kProxies), "127.0.0.1");
}

TEST(ClientAddress, TheRightMostUntrustedAddressIsTheClient) {
  // The client prepended a lie; our proxies appended the truth on the right.
  const H h{{"x-forwarded-for", "1.1.1.1, 198.51.100.23, 10.0.0.5"}};
  EXPECT_EQ(client_address("10.0.0.9", h, kProxies), "198.51.100.23");
  EXPECT_EQ(client_address("10.0.0.9", H{{"X-Forwarded-For", "198.51.100.23"}}, kProxies), "198.51.100.23");
  // Every hop trusted: the left-most is the client.
  EXPECT_EQ(client_address("10.0.0.9", H{{"X-Forwarded-For", "10.1.1.1, 10.0.0.5"}}, kProxies), "10.1.1.1");
  EXPECT_EQ(client_address("10.0.0.9", H{}, kProxies), "10.0.0.9") << "no header: the proxy itself";
}

TEST(ClientAddress, ForwardedIsPreferredAndParsedPerRfc7239) {
  const H h{{"Forwarded", R"(for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.5:8080)"},
            {"X-Forwarded-For", "9.9.9.9"}};
  EXPECT_EQ(client_address("::ffff:10.0.0.9", h, kProxies), "2001:db8:cafe::17");
  EXPECT_EQ(forwarded_for(R"(For="198.51.100.17";by=10.0.0.1, for=unknown)"),
            (std::vector<std::string>{"198.51.100.17", ""}));
}

TEST(ClientAddress, AnEntryThatIsNotAnAddressEndsTheWalk) {
  EXPECT_EQ(client_address("10.0.0.9", H{{"X-Forwarded-For", "1.1.1.1, garbage, 10.0.0.5"}}, kProxies), "10.0.0.5");
  EXPECT_EQ(client_address("10.0.0.9", H{{"Forwarded", "for=_hidden"}}, kProxies), "10.0.0.9");
}

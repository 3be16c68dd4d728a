#include <gtest/gtest.h>

#include <set>

#include "storefleet/core/util.hpp"

using namespace storefleet;

TEST(Util, Iso8601KeepsMilliseconds) {
  EXPECT_EQ(iso8601_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_ms(1795665298123), "2026-11-26T03:54:58.123Z");
}

TEST(Util, RandomHexHasRequestedLengthAndVaries) {
  auto a = random_hex(16);
  auto b = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Util, RandomPasswordsUseTheAlphabetEvenly) {
  std::set<std::string> seen;
  std::array<int, 256> counts{};
  for (int i = 0; i < 200; ++i) {
    auto p = random_password(31);
    ASSERT_EQ(p.size(), 31u);
    for (unsigned char c : p) {
      ASSERT_TRUE(std::isalnum(c)) << p;
      counts[c]++;
    }
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 200u);
  int used = 0;
  for (int c : counts) used += c > 0;
  EXPECT_EQ(used, 62);  // 6,200 draws over 62 symbols: every symbol appears
}

TEST(Util, Sha256KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Base64, RoundTripsEveryLengthInBothAlphabets) {
  std::string data;
  for (int n = 0; n < 40; ++n) {
    EXPECT_EQ(storefleet::base64_decode(storefleet::base64_encode(data)), data) << n;
    EXPECT_EQ(storefleet::base64_decode(storefleet::base64url_encode(data)), data) << n;
    EXPECT_EQ(storefleet::base64url_encode(data).find_first_of("+/="), std::string::npos);
    data.push_back(static_cast<char>(n * 37 + 250));  // bytes over 127 too
  }
  EXPECT_EQ(storefleet::base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(storefleet::base64_decode("aGVs\nbG8"), "hello") << "whitespace (a PEM in a kubeconfig) and no padding";
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (const char* bad : {"a*b", "aGVsbG8=x", "a", "aGVsbG8===", "====", "ab\x01"})
    EXPECT_FALSE(storefleet::base64_decode(bad).has_value()) << bad;
}

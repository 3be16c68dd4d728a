#include "src/protobuf.hpp"
#include "src/status.hpp"

#include <gtest/gtest.h>

using namespace kubesim;

namespace {
// Protobuf encoding helpers (length-delimited fields only, plus varints).
std::string varint(std::uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  s += static_cast<char>(v);
  return s;
}
std::string field(unsigned n, const std::string& bytes) { return varint((n << 3) | 2) + varint(bytes.size()) + bytes; }
std::string field_varint(unsigned n, std::uint64_t v) { return varint(n << 3) + varint(v); }
std::string entry(const std::string& k, const std::string& v) { return field(1, k) + field(2, v); }
std::string envelope(const std::string& kind, const std::string& raw) {
  // runtime.Unknown: typeMeta{apiVersion, kind}, raw, contentEncoding "", contentType "" (gogo writes zero values).
  return std::string("k8s\0", 4) + field(1, field(1, "v1") + field(2, kind)) + field(2, raw) + field(3, "") +
         field(4, "");
}
}  // namespace

TEST(Protobuf, HelmReleaseSecret) {
  // ObjectMeta as helm sends it: empty strings and a zero generation written explicitly.
  std::string meta = field(1, "sh.helm.release.v1.demo.v1") + field(2, "") + field(3, "") + field(4, "") +
                     field(5, "") + field(6, "") + field_varint(7, 0) + field(8, "") +
                     field(11, entry("name", "demo")) + field(11, entry("owner", "helm")) +
                     field(11, entry("status", "deployed"));
  std::string secret = field(1, meta) + field(2, entry("release", "H4sI")) + field(3, "helm.sh/release.v1");
  auto o = decode_protobuf_object(envelope("Secret", secret));
  EXPECT_EQ(o.at("kind"), "Secret");
  EXPECT_EQ(o.at("apiVersion"), "v1");
  EXPECT_EQ(o.at("type"), "helm.sh/release.v1");
  const auto& md = o.at("metadata").as_object();
  EXPECT_EQ(md.at("name"), "sh.helm.release.v1.demo.v1");
  EXPECT_FALSE(md.contains("namespace"));        // zero value = unset
  EXPECT_FALSE(md.contains("resourceVersion"));  // so no bogus precondition
  EXPECT_EQ(md.at("labels").at("owner"), "helm");
  EXPECT_EQ(md.at("labels").at("status"), "deployed");
  EXPECT_EQ(o.at("data").at("release"), "SDRzSQ==");  // bytes are base64 in JSON
}

TEST(Protobuf, DeleteOptionsExactlyAsHelmSendsThem) {
  // Captured from helm 4.1.4: an empty DeleteOptions.
  std::string captured("k8s\x00\x0a\x13\x0a\x02v1\x12\x0d" "DeleteOptions\x12\x00\x1a\x00\x22\x00", 31);
  auto o = decode_protobuf_object(captured);
  EXPECT_EQ(o, json::parse(R"({"apiVersion":"v1","kind":"DeleteOptions"})").as_object());

  auto opts = decode_protobuf_object(envelope("DeleteOptions", field(4, "Foreground") + field(2, field(1, "uid-1"))));
  EXPECT_EQ(opts.at("propagationPolicy"), "Foreground");
  EXPECT_EQ(opts.at("preconditions").at("uid"), "uid-1");
}

TEST(Protobuf, RejectsWhatItCannotDecode) {
  try {
    decode_protobuf_object(envelope("Pod", ""));
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 415);
  }
  EXPECT_THROW(decode_protobuf_object("{\"kind\":\"Secret\"}"), ApiError);
  std::string truncated = envelope("Secret", field(1, field(1, "name")));
  truncated.resize(truncated.size() - 8);
  EXPECT_THROW(decode_protobuf_object(truncated), ApiError);
}

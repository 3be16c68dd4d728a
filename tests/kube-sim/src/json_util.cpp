#include "json_util.hpp"

#include "status.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <chrono>
#include <ctime>

namespace kubesim {

const json::object* obj_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return (it != o.end() && it->value().is_object()) ? &it->value().get_object() : nullptr;
}
json::object* obj_at(json::object& o, std::string_view key) {
  auto it = o.find(key);
  return (it != o.end() && it->value().is_object()) ? &it->value().get_object() : nullptr;
}
const json::array* arr_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return (it != o.end() && it->value().is_array()) ? &it->value().get_array() : nullptr;
}
std::string str_at(const json::object& o, std::string_view key, std::string def) {
  auto it = o.find(key);
  return (it != o.end() && it->value().is_string()) ? std::string(it->value().get_string()) : def;
}
std::int64_t int_at(const json::object& o, std::string_view key, std::int64_t def) {
  auto it = o.find(key);
  if (it == o.end()) return def;
  if (it->value().is_int64()) return it->value().get_int64();
  if (it->value().is_uint64()) return static_cast<std::int64_t>(it->value().get_uint64());
  if (it->value().is_double()) return static_cast<std::int64_t>(it->value().get_double());
  return def;
}
bool bool_at(const json::object& o, std::string_view key, bool def) {
  auto it = o.find(key);
  return (it != o.end() && it->value().is_bool()) ? it->value().get_bool() : def;
}
json::object& ensure_obj(json::object& o, std::string_view key) {
  auto& v = o[key];
  if (!v.is_object()) v = json::object();
  return v.get_object();
}
const json::value* path_at(const json::object& o, std::string_view dotted) {
  const json::object* cur = &o;
  while (true) {
    auto dot = dotted.find('.');
    auto part = dotted.substr(0, dot);
    auto it = cur->find(part);
    if (it == cur->end()) return nullptr;
    if (dot == std::string_view::npos) return &it->value();
    if (!it->value().is_object()) return nullptr;
    cur = &it->value().get_object();
    dotted = dotted.substr(dot + 1);
  }
}
std::string scalar_string(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_null()) return "";
  return json::serialize(v);
}

json::object parse_object(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) throw ApiError::bad_request("the body of the request was in an unknown format - accepted media types include: "
                                      "application/json, application/yaml, application/vnd.kubernetes.protobuf");
  if (!v.is_object()) throw ApiError::bad_request("the body of the request must be a JSON object");
  return std::move(v.get_object());
}
std::string dump(const json::value& v) { return json::serialize(v); }

std::string now_rfc3339() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string new_uid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[b[i] >> 4];
    s += hex[b[i] & 15];
  }
  return s;
}

static constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";

std::string random_suffix(std::size_t n) {
  std::string s(n, 'x');
  unsigned char b[64];
  RAND_bytes(b, static_cast<int>(std::min<std::size_t>(n, sizeof b)));
  for (std::size_t i = 0; i < n && i < sizeof b; ++i) s[i] = kAlphabet[b[i] % kAlphabet.size()];
  return s;
}

std::string stable_hash(std::string_view data, std::size_t n) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  std::string s;
  for (std::size_t i = 0; i < n && i < sizeof md; ++i) s += kAlphabet[md[i] % kAlphabet.size()];
  return s;
}

std::string base64_encode(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}
}  // namespace kubesim

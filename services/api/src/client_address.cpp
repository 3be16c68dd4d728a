#include "storefleet/api/client_address.hpp"

#include <boost/algorithm/string.hpp>

#include <charconv>
#include <stdexcept>

namespace storefleet::api {
namespace ip = boost::asio::ip;

namespace {

// IPv4-mapped IPv6 (::ffff:10.1.2.3, what a dual-stack socket reports) is the IPv4 address.
ip::address normalised(ip::address a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return normalised(a);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const auto end = s.find(sep, start);
    out.push_back(trim(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

// One node of a for= parameter: 192.0.2.60, "192.0.2.60:4711", "[2001:db8::1]:4711", "[2001:db8::1]", unknown.
std::string node_address(std::string_view node) {
  if (node.size() >= 2 && node.front() == '"' && node.back() == '"') node = node.substr(1, node.size() - 2);
  if (!node.empty() && node.front() == '[') {
    const auto close = node.find(']');
    if (close == std::string_view::npos) return "";
    node = node.substr(1, close - 1);
  } else if (const auto colon = node.find(':'); colon != std::string_view::npos && node.find(':', colon + 1) == std::string_view::npos) {
    node = node.substr(0, colon);  // IPv4 with a port
  }
  const auto a = parse_address(node);
  return a ? a->to_string() : "";
}

const std::string* header(const std::map<std::string, std::string>& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (boost::iequals(k, name)) return &v;
  return nullptr;
}

}  // namespace

bool IpNetwork::contains(const ip::address& raw) const {
  const auto a = normalised(raw);
  if (a.is_v4() != base.is_v4()) return false;
  const auto bytes_of = [](const ip::address& x) {
    std::vector<unsigned char> out;
    if (x.is_v4()) {
      const auto b = x.to_v4().to_bytes();
      out.assign(b.begin(), b.end());
    } else {
      const auto b = x.to_v6().to_bytes();
      out.assign(b.begin(), b.end());
    }
    return out;
  };
  const auto x = bytes_of(a), y = bytes_of(base);
  unsigned bits = prefix;
  for (std::size_t i = 0; i < x.size() && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8u);
    const unsigned char mask = static_cast<unsigned char>(0xFF << (8 - take));
    if ((x[i] & mask) != (y[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

TrustedProxies TrustedProxies::parse(std::string_view csv) {
  TrustedProxies t;
  if (trim(csv).empty()) return t;
  for (auto entry : split(csv, ',')) {
    if (entry.empty()) throw std::invalid_argument("empty entry in the list");
    const auto slash = entry.find('/');
    const auto a = parse_address(entry.substr(0, slash));
    if (!a) throw std::invalid_argument("'" + std::string(entry) + "' is not an address or CIDR");
    const unsigned max = a->is_v4() ? 32 : 128;
    unsigned prefix = max;
    if (slash != std::string_view::npos) {
      const auto digits = entry.substr(slash + 1);
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (ec != std::errc() || p != digits.data() + digits.size() || digits.empty() || prefix > max)
        throw std::invalid_argument("'" + std::string(entry) + "' has a bad prefix length");
    }
    t.networks_.push_back({*a, prefix});
  }
  return t;
}

bool TrustedProxies::trusts(const ip::address& a) const {
  for (const auto& n : networks_)
    if (n.contains(a)) return true;
  return false;
}

bool TrustedProxies::trusts(std::string_view address) const {
  const auto a = parse_address(address);
  return a && trusts(*a);
}

std::vector<std::string> forwarded_for(std::string_view forwarded) {
  std::vector<std::string> out;
  for (auto element : split(forwarded, ',')) {
    for (auto pair : split(element, ';')) {
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos || !boost::iequals(trim(pair.substr(0, eq)), "for")) continue;
      out.push_back(node_address(trim(pair.substr(eq + 1))));
    }
  }
  return out;
}

std::vector<std::string> x_forwarded_for(std::string_view value) {
  std::vector<std::string> out;
  for (auto entry : split(value, ',')) out.push_back(node_address(entry));
  return out;
}

std::string client_address(const std::string& peer, const std::map<std::string, std::string>& headers,
                           const TrustedProxies& trusted) {
  const auto peer_address = parse_address(peer);
  const std::string peer_text = peer_address ? peer_address->to_string() : peer;
  if (trusted.empty() || !peer_address || !trusted.trusts(*peer_address)) return peer_text;
  std::vector<std::string> chain;
  if (const auto* f = header(headers, "Forwarded"))
    chain = forwarded_for(*f);
  else if (const auto* x = header(headers, "X-Forwarded-For"))
    chain = x_forwarded_for(*x);
  // From the right: skip our own proxies; the first address they did not add is the client. An entry that is
  // not an address ends the walk: the proxy that passed it on is the best we know.
  std::string client = peer_text;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (it->empty()) break;
    client = *it;
    if (!trusted.trusts(*it)) break;
  }
  return client;
}

}  // namespace storefleet::api

#pragma once
// Who the client is when the API sits behind proxies (--trusted-proxies CIDR[,CIDR…]): only when the peer is a
// trusted proxy are `Forwarded` (RFC 7239) or else `X-Forwarded-For` read, from the right; the right-most
// address that is not a trusted proxy is the client. From any other peer both headers are ignored, so nobody
// can choose their own rate-limit bucket or audit address by sending them.
#include <boost/asio/ip/address.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace storefleet::api {

struct IpNetwork {
  boost::asio::ip::address base;
  unsigned prefix = 0;
  bool contains(const boost::asio::ip::address& a) const;
};

class TrustedProxies {
 public:
  // "10.0.0.0/8,192.168.1.7,fd00::/8" (a bare address is a /32 or /128). Throws std::invalid_argument with the
  // entry that is wrong.
  static TrustedProxies parse(std::string_view csv);
  bool empty() const noexcept { return networks_.empty(); }
  bool trusts(const boost::asio::ip::address& a) const;
  bool trusts(std::string_view address) const;

 private:
  std::vector<IpNetwork> networks_;
};

// The client's address for a request that arrived from `peer` with `headers` (names in any case).
std::string client_address(const std::string& peer, const std::map<std::string, std::string>& headers,
                           const TrustedProxies& trusted);

// The addresses a Forwarded / X-Forwarded-For value names, left to right; an entry that is not an address
// (`unknown`, an obfuscated identifier, garbage) is kept as "" so the walk can stop there.
std::vector<std::string> forwarded_for(std::string_view forwarded);
std::vector<std::string> x_forwarded_for(std::string_view value);

}  // namespace storefleet::api

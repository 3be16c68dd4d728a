#pragma once
// Small shared helpers: time formatting, CSPRNG tokens, hashing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace storefleet {

std::int64_t now_ms();
std::string iso8601_ms(std::int64_t ms_since_epoch);  // 2026-11-26T05:02:48.123Z
// The inverse, also without fraction (…:48Z) or a bare date (midnight UTC); nothing when it is not one of those.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

// n random bytes from OpenSSL RAND_bytes, hex-encoded (2n chars). Throws if the CSPRNG fails.
std::string random_hex(std::size_t n_bytes);
// A password of `length` characters from [A-Za-z0-9], drawn from RAND_bytes without modulo bias.
std::string random_password(std::size_t length);
std::string sha256_hex(std::string_view data);
// Base64 through OpenSSL (EVP_EncodeBlock / EVP_DecodeBlock), the one implementation both services use.
std::string base64_encode(std::string_view data);     // standard alphabet, padded
std::string base64url_encode(std::string_view data);  // URL alphabet, unpadded (cursors)
// Standard or URL alphabet, padding optional, whitespace ignored; nothing when the text is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace storefleet

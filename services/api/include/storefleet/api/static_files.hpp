#pragma once
// The dashboard's static files: content types, caching (hashed assets immutable, index.html no-cache),
// ETag/304, SPA fallback to index.html, and path resolution that cannot leave the folder.
#include <filesystem>
#include <optional>
#include <string>

#include "storefleet/api/http_types.hpp"

namespace storefleet::api {

// Maps a raw (percent-encoded) URL path to a file under root, or nothing when the path is unsafe: any '..' or
// '.' segment, an encoded slash/backslash, NUL, a backslash, bad percent-encoding, or a symlink that resolves
// outside root. Does not check existence.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         const std::string& raw_path);

std::string content_type_for(const std::filesystem::path& file);
// "public, max-age=31536000, immutable" for content-hashed names (Vite's assets/name-HASH.ext), "no-cache" for
// HTML, a short max-age otherwise.
std::string cache_control_for(const std::filesystem::path& file);

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // GET/HEAD only (others → 405). Unsafe path → 400; missing file with an extension → 404; missing route
  // without one → index.html (client-side routing).
  HttpResponse serve(const HttpRequest& req) const;
  bool enabled() const noexcept { return !root_.empty(); }

 private:
  HttpResponse file_response(const HttpRequest& req, const std::filesystem::path& file) const;
  std::filesystem::path root_;
};

}  // namespace storefleet::api

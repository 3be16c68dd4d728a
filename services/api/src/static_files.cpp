#include "storefleet/api/static_files.hpp"

#include <array>
#include <fstream>
#include <algorithm>
#include <sstream>
#include <system_error>

#include "storefleet/api/json_response.hpp"
#include "storefleet/api/router.hpp"

namespace storefleet::api {
namespace fs = std::filesystem;

namespace {
bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

// Vite names bundles like index-3fA9c1dE.js: a hash of 8+ url-safe characters between '-' or '.' and the
// extension. (No std::regex: GCC 12 warns inside it under the sanitizers.)
bool is_content_hashed(const std::string& name) {
  const auto ext = name.rfind('.');
  if (ext == std::string::npos || ext == 0) return false;
  const auto sep = name.find_last_of("-.", ext - 1);
  if (sep == std::string::npos || sep == 0) return false;
  const auto hash = std::string_view(name).substr(sep + 1, ext - sep - 1);
  return hash.size() >= 8 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
         });
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

std::optional<fs::path> resolve_static_path(const fs::path& root, const std::string& raw_path) {
  if (raw_path.empty() || raw_path[0] != '/') return std::nullopt;
  const auto lowered = lower(raw_path);
  // Encoded separators and NUL are never legitimate in a dashboard asset path.
  for (const char* bad : {"%2f", "%5c", "%00", "\\"})
    if (lowered.find(bad) != std::string::npos) return std::nullopt;
  std::vector<std::string> segs;
  try {
    segs = split_path(raw_path);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  fs::path rel;
  for (const auto& s : segs) {
    if (s == "." || s == ".." || s.find('\0') != std::string::npos) return std::nullopt;
    rel /= s;
  }
  std::error_code ec;
  const auto canon_root = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  const auto candidate = fs::weakly_canonical(canon_root / rel, ec);
  if (ec || !is_within(canon_root, candidate)) return std::nullopt;  // e.g. a symlink pointing outside
  return candidate;
}

std::string content_type_for(const fs::path& file) {
  static const std::array<std::pair<const char*, const char*>, 18> kTypes{{
      {".html", "text/html; charset=utf-8"},      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},              {".map", "application/json"},
      {".svg", "image/svg+xml"},                  {".png", "image/png"},
      {".jpg", "image/jpeg"},                     {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},                      {".ico", "image/x-icon"},
      {".webp", "image/webp"},                    {".woff", "font/woff"},
      {".woff2", "font/woff2"},                   {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}, {".wasm", "application/wasm"},
  }};
  const auto ext = lower(file.extension().string());
  for (const auto& [e, t] : kTypes)
    if (ext == e) return t;
  return "application/octet-stream";
}

std::string cache_control_for(const fs::path& file) {
  const auto ext = lower(file.extension().string());
  if (ext == ".html") return "no-cache";
  if (is_content_hashed(file.filename().string())) return "public, max-age=31536000, immutable";
  return "public, max-age=300";
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

HttpResponse StaticFiles::file_response(const HttpRequest& req, const fs::path& file) const {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return error_response(Errc::not_found, "not found");
  std::ostringstream etag;
  etag << '"' << std::hex << size << '-' << mtime.time_since_epoch().count() << '"';
  HttpResponse r;
  r.content_type = content_type_for(file);
  r.set_header("Cache-Control", cache_control_for(file));
  r.set_header("ETag", etag.str());
  r.set_header("X-Content-Type-Options", "nosniff");
  if (req.header("if-none-match") == etag.str()) {
    r.status = 304;
    return r;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return error_response(Errc::not_found, "not found");
  std::ostringstream body;
  body << in.rdbuf();
  r.body = body.str();
  return r;
}

HttpResponse StaticFiles::serve(const HttpRequest& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    auto r = error_response(Errc::method_not_allowed, "method " + req.method + " not allowed on this path");
    r.set_header("Allow", "GET, HEAD");
    return r;
  }
  if (!enabled()) return error_response(Errc::not_found, "no such endpoint");
  auto file = resolve_static_path(root_, req.path);
  if (!file) return error_response(Errc::bad_request, "invalid path");
  std::error_code ec;
  if (fs::is_directory(*file, ec)) *file /= "index.html";
  if (fs::is_regular_file(*file, ec)) return file_response(req, *file);
  // Client-side routes (/stores/my-shop) have no extension; missing assets (/assets/x.js) stay 404.
  if (file->has_extension()) return error_response(Errc::not_found, "not found");
  const auto index = fs::weakly_canonical(root_, ec) / "index.html";
  if (fs::is_regular_file(index, ec)) return file_response(req, index);
  return error_response(Errc::not_found, "not found");
}

}  // namespace storefleet::api

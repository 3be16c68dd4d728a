// Static dashboard files: safe resolution, content types, caching, ETag, SPA fallback.
#include <gtest/gtest.h>

#include <fstream>

#include "api_fixture.hpp"
#include "storefleet/api/static_files.hpp"

namespace storefleet::api {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() : root(dir.path() / "dist"), files(root) {
    fs::create_directories(root / "assets");
    write(root / "index.html", "<html>app</html>");
    write(root / "assets" / "index-3fA9c1dE.js", "console.log(1)");
    write(root / "favicon.svg", "<svg/>");
    write(dir.path() / "secret.txt", "top secret");
    fs::create_symlink(dir.path() / "secret.txt", root / "leak.txt");
  }
  static void write(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
  HttpResponse get(const std::string& target, std::map<std::string, std::string> h = {}) {
    return files.serve(make_request("GET", target, std::move(h)));
  }
  test::TempDir dir;
  fs::path root;
  StaticFiles files;
};

TEST_F(StaticFilesTest, ServesIndexWithNoCache) {
  for (auto t : {"/", "/index.html"}) {
    auto r = get(t);
    EXPECT_EQ(r.status, 200) << t;
    EXPECT_EQ(r.body, "<html>app</html>");
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(r.header("Cache-Control"), "no-cache");
  }
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  auto r = get("/assets/index-3fA9c1dE.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  auto svg = get("/favicon.svg");
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(svg.header("Cache-Control"), "public, max-age=300");
}

TEST_F(StaticFilesTest, EtagGives304) {
  auto r = get("/assets/index-3fA9c1dE.js");
  auto etag = r.header("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/assets/index-3fA9c1dE.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(StaticFilesTest, SpaFallbackForRoutesButNotForMissingAssets) {
  auto r = get("/stores/my-shop");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<html>app</html>");
  EXPECT_EQ(get("/assets/missing-12345678.js").status, 404);
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
  for (auto t : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                 "/assets%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/index.html%00.js", "/./index.html",
                 "/leak.txt"}) {
    auto r = get(t);
    EXPECT_GE(r.status, 400) << t;
    EXPECT_LT(r.status, 500) << t;
    EXPECT_EQ(r.body.find("top secret"), std::string::npos) << t;
  }
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  auto r = files.serve(make_request("POST", "/index.html"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD");
  EXPECT_EQ(files.serve(make_request("HEAD", "/")).status, 200);
}

TEST_F(StaticFilesTest, DisabledWithoutRoot) {
  StaticFiles none{fs::path{}};
  EXPECT_EQ(none.serve(make_request("GET", "/")).status, 404);
}

TEST(CacheControl, OnlyContentHashedNamesAreImmutable) {
  const std::string immutable = "public, max-age=31536000, immutable";
  EXPECT_EQ(cache_control_for("index-3fA9c1dE.js"), immutable);
  EXPECT_EQ(cache_control_for("vendor.AbCdEf12_x.css"), immutable);
  EXPECT_NE(cache_control_for("logo.svg"), immutable);
  EXPECT_NE(cache_control_for("my-app.js"), immutable);
  EXPECT_NE(cache_control_for("index-3fA9c1dE"), immutable);
  EXPECT_NE(cache_control_for("-3fA9c1dE.js"), immutable);
  EXPECT_EQ(cache_control_for("index.html"), "no-cache");
}

TEST(ResolveStaticPath, StaysUnderRoot) {
  test::TempDir d;
  auto p = resolve_static_path(d.path(), "/a/b.js");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->filename(), "b.js");
  EXPECT_FALSE(resolve_static_path(d.path(), "relative"));
  EXPECT_FALSE(resolve_static_path(d.path(), "/a/../../x"));
}

}  // namespace
}  // namespace storefleet::api

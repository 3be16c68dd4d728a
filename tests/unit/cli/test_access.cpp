// Tokens, exit codes and hints for 401/403/429, and rendering of credentials and token lists.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "storefleet/cli/api_client.hpp"
#include "storefleet/cli/exit_codes.hpp"
#include "storefleet/cli/output.hpp"
#include "storefleet/cli/token_source.hpp"
#include "temp_dir.hpp"

using namespace storefleet::cli;
using storefleet::test::TempDir;

namespace {

std::string write_file(const TempDir& dir, const std::string& name, const std::string& content, mode_t mode) {
  const auto path = dir.file(name).string();
  std::ofstream(path) << content;
  ::chmod(path.c_str(), mode);
  return path;
}

const char* kUnauthorizedBody = R"({"error":{"code":"unauthorized","message":"invalid or revoked token"}})";

}  // namespace

TEST(TokenSource, TokenFileIsTrimmedAndPrivateFilesGiveNoWarning) {
  TempDir dir;
  std::string warning;
  EXPECT_EQ(read_token_file(write_file(dir, "t", "sf_abc123\n", 0600), warning), "sf_abc123");
  EXPECT_EQ(warning, "");
}

TEST(TokenSource, ReadableByOthersWarns) {
  TempDir dir;
  std::string warning;
  EXPECT_EQ(read_token_file(write_file(dir, "t", "sf_abc123", 0644), warning), "sf_abc123");
  EXPECT_NE(warning.find("readable by other users"), std::string::npos) << warning;
}

TEST(TokenSource, MissingEmptyOrMultiLineFilesAreErrors) {
  TempDir dir;
  std::string warning;
  EXPECT_THROW(read_token_file(dir.file("absent").string(), warning), TokenFileError);
  EXPECT_THROW(read_token_file(write_file(dir, "empty", " \n", 0600), warning), TokenFileError);
  EXPECT_THROW(read_token_file(write_file(dir, "two", "a\nb\n", 0600), warning), TokenFileError);
}

TEST(TokenSource, FileWinsOverEnvironmentAndNoneMeansNoToken) {
  TempDir dir;
  std::string warning;
  const auto file = write_file(dir, "t", "from-file\n", 0600);
  EXPECT_EQ(resolve_token(file, "from-env", warning), "from-file");
  EXPECT_EQ(resolve_token("", "from-env\n", warning), "from-env");
  EXPECT_EQ(resolve_token("", nullptr, warning), "");
}

TEST(TokenSource, IdempotencyKeysAreFreshAndValid) {
  const auto a = new_idempotency_key(), b = new_idempotency_key();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("cli-", 0), 0u);
  EXPECT_EQ(a.size(), 4u + 32u);
}

TEST(ErrorForResponse, UnauthorizedSaysWhichTokenToGive) {
  auto none = error_for_response(401, kUnauthorizedBody, "", false);
  EXPECT_EQ(none.exit_code, kUnauthorized);
  EXPECT_NE(std::string(none.what()).find("HTTP 401: invalid or revoked token"), std::string::npos);
  EXPECT_NE(std::string(none.what()).find("set STOREFLEET_TOKEN or pass --token-file"), std::string::npos);
  auto refused = error_for_response(401, kUnauthorizedBody, "", true);
  EXPECT_NE(std::string(refused.what()).find("the token was refused"), std::string::npos) << refused.what();
}

TEST(ErrorForResponse, ForbiddenAndOtherStatuses) {
  auto limit = error_for_response(
      403, R"({"error":{"code":"store_limit_reached","message":"this token may have at most 1 live stores"}})", "", true);
  EXPECT_EQ(limit.exit_code, kForbidden);
  EXPECT_EQ(std::string(limit.what()), "HTTP 403: this token may have at most 1 live stores");
  EXPECT_EQ(error_for_response(404, "{}", "", true).exit_code, kRejected);
  EXPECT_EQ(error_for_response(409, "{}", "", true).exit_code, kRejected);
  EXPECT_EQ(error_for_response(503, "", "", true).exit_code, kUnavailable);
}

TEST(ErrorForResponse, RateLimitedShowsRetryAfter) {
  auto e = error_for_response(429, R"({"error":{"code":"rate_limited","message":"too many requests"}})", "7", true);
  EXPECT_EQ(e.exit_code, kRateLimited);
  EXPECT_EQ(e.retry_after_s, 7);
  EXPECT_NE(std::string(e.what()).find("retry after 7 s"), std::string::npos) << e.what();
  auto no_header = error_for_response(429, "", "", true);
  EXPECT_EQ(no_header.retry_after_s, -1);
  EXPECT_NE(std::string(no_header.what()).find("retry later"), std::string::npos);
}

TEST(AccessOutput, CredentialsAreLabelledLines) {
  auto resp = boost::json::parse(R"({"storeName":"shop1","engine":"woocommerce","url":"http://shop1.local",
    "adminUrl":"http://shop1.local/wp-admin/","login":"admin","username":"admin","password":"S3cret","email":"admin@shop1.local"})");
  EXPECT_EQ(render_credentials(resp, OutputFormat::table),
            "store:           shop1\n"
            "engine:          woocommerce\n"
            "url:             http://shop1.local\n"
            "admin URL:       http://shop1.local/wp-admin/\n"
            "login:           admin\n"
            "username:        admin\n"
            "password:        S3cret\n"
            "email:           admin@shop1.local\n");
  EXPECT_EQ(boost::json::parse(render_credentials(resp, OutputFormat::json)), resp);
}

TEST(AccessOutput, MedusaCredentialsNameTheStoreApiKeyAndWhatIsMissing) {
  auto resp = boost::json::parse(R"({"storeName":"m1","engine":"medusa","url":"http://m1.local",
    "adminUrl":"http://m1.local/app","login":"a@m1.local","username":"admin","password":"S3cret","email":"a@m1.local",
    "storeApiUrl":"http://m1.local/store","publishableKey":"pk_1","note":"It has no storefront."})");
  const auto text = render_credentials(resp, OutputFormat::table);
  EXPECT_NE(text.find("login:           a@m1.local\n"), std::string::npos) << text;
  EXPECT_NE(text.find("store API:       http://m1.local/store\n"), std::string::npos) << text;
  EXPECT_NE(text.find("publishable key: pk_1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nIt has no storefront.\n"), std::string::npos) << text;
}

TEST(AccessOutput, TokenListShowsLimitsAndRevocation) {
  auto resp = boost::json::parse(R"({"tokens":[
    {"id":"tok_a","name":"team-a","role":"tenant","storeLimit":3,"createdAt":"2026-11-26T05:00:00.000Z","revokedAt":null},
    {"id":"tok_b","name":"ops","role":"admin","storeLimit":0,"createdAt":"2026-11-26T05:00:00.000Z",
     "revokedAt":"2026-11-26T05:10:00.000Z"}]})");
  auto table = render_token_list(resp, OutputFormat::table);
  EXPECT_EQ(table.rfind("ID     NAME    ROLE    STORE-LIMIT  AGE", 0), 0u) << table;
  EXPECT_NE(table.find("tok_a  team-a  tenant  3"), std::string::npos) << table;
  EXPECT_NE(table.find("tok_b  ops     admin   -"), std::string::npos) << table;
  EXPECT_NE(table.find("revoked "), std::string::npos) << table;
  const auto tok_a_line = table.substr(table.find("tok_a"), table.find('\n', table.find("tok_a")) - table.find("tok_a"));
  EXPECT_EQ(tok_a_line.substr(tok_a_line.size() - 3), "  -") << "tok_a is not revoked: " << tok_a_line;
}

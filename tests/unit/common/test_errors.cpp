#include <gtest/gtest.h>

#include <set>

#include "storefleet/core/errors.hpp"

using namespace storefleet;

TEST(Errors, EachDomainErrorMapsToOneStatusAndCode) {
  struct Row {
    Errc e;
    int status;
    std::string_view code;
  };
  const Row rows[] = {
      {Errc::bad_request, 400, "bad_request"},       {Errc::invalid_json, 400, "invalid_json"},
      {Errc::unauthorized, 401, "unauthorized"},     {Errc::forbidden, 403, "forbidden"},
      {Errc::not_found, 404, "not_found"},           {Errc::method_not_allowed, 405, "method_not_allowed"},
      {Errc::conflict, 409, "conflict"},             {Errc::payload_too_large, 413, "payload_too_large"},
      {Errc::unsupported_media_type, 415, "unsupported_media_type"},
      {Errc::validation_failed, 422, "validation_failed"},
      {Errc::idempotency_mismatch, 422, "idempotency_key_reused"},
      {Errc::rate_limited, 429, "rate_limited"},     {Errc::internal, 500, "internal"},
      {Errc::headers_too_large, 431, "headers_too_large"},
      {Errc::unavailable, 503, "unavailable"},       {Errc::store_limit_reached, 403, "store_limit_reached"},
      {Errc::not_ready, 409, "not_ready"},           {Errc::bad_gateway, 502, "bad_gateway"},
  };
  std::set<std::string_view> codes;
  for (const auto& r : rows) {
    EXPECT_EQ(http_status(r.e), r.status) << r.code;
    EXPECT_EQ(error_code(r.e), r.code);
    EXPECT_TRUE(codes.insert(r.code).second) << "duplicate code " << r.code;
  }
}

TEST(Errors, ErrorCodeIntegration) {
  std::error_code ec = Errc::not_found;
  EXPECT_EQ(ec.category().name(), std::string("storefleet"));
  EXPECT_EQ(ec.message(), "not_found");
  EXPECT_TRUE(ec);
}

TEST(Errors, DomainErrorCarriesDetails) {
  DomainError e(Errc::validation_failed, "invalid store", {{"storeName", "is required"}});
  EXPECT_EQ(e.code(), Errc::validation_failed);
  ASSERT_EQ(e.details().size(), 1u);
  EXPECT_EQ(e.details()[0].field, "storeName");
  EXPECT_STREQ(e.what(), "invalid store");
}

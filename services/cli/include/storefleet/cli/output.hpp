#pragma once
// Rendering API answers for people (aligned tables) or scripts (JSON).
#include <boost/json.hpp>
#include <string>
#include <vector>

namespace storefleet::cli {

enum class OutputFormat { table, json };

// A field as text: strings as they are, null or missing as "", anything else as JSON.
std::string field_text(const boost::json::object& o, std::string_view key);

// Columns padded to the widest cell; header first.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
std::string render_store_list(const boost::json::value& stores_response, OutputFormat f);
std::string render_store_status(const std::string& name, const boost::json::value& status_response, OutputFormat f);
// One progress line for --wait and `events`: "12:00:01 my-shop Installing helm release deployed".
std::string render_event_line(const boost::json::value& event);
// "3m", "2h", "5d" from an ISO-8601 time and now (ms).
std::string age_since(const std::string& iso_time, long long now_ms);

// `storefleet credentials`: one "label: value" line per field (admin URL, username, password, …).
std::string render_credentials(const boost::json::value& credentials_response, OutputFormat f);
// `storefleet tokens list`: ID, NAME, ROLE, STORE-LIMIT (0 = none), AGE, REVOKED.
std::string render_token_list(const boost::json::value& tokens_response, OutputFormat f);

}  // namespace storefleet::cli

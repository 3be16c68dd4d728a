// Decoding of the Kubernetes protobuf wire format for the bodies helm sends that way: the `k8s\0` magic,
// a runtime.Unknown envelope, and inside it a v1 Secret or v1 DeleteOptions. gogo-protobuf writes zero
// values explicitly, so empty strings / zero numbers are treated as unset.
#pragma once
#include "json_util.hpp"

#include <string_view>

namespace kubesim {

// Returns the object as JSON (with apiVersion and kind from the envelope). Throws ApiError(415) for kinds it
// cannot decode and ApiError(400) for malformed input.
json::object decode_protobuf_object(std::string_view body);
}  // namespace kubesim

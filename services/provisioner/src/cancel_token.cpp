#include "storefleet/provisioner/cancel_token.hpp"

namespace storefleet::provisioner {
namespace {
thread_local const CancelToken* current_token = nullptr;
}

CancelScope::CancelScope(const CancelToken* token) noexcept : previous_(current_token) { current_token = token; }
CancelScope::~CancelScope() { current_token = previous_; }
bool CancelScope::cancelled() noexcept { return current_token && current_token->cancelled(); }

}  // namespace storefleet::provisioner

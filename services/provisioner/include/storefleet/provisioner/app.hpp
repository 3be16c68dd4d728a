#pragma once
// storefleet-provisioner's command line and lifetime: parse options, connect, reconcile, serve, work.
namespace storefleet::provisioner {

int run_app(int argc, char** argv);

}  // namespace storefleet::provisioner

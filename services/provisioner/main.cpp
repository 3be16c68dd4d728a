#include "storefleet/provisioner/app.hpp"

int main(int argc, char** argv) { return storefleet::provisioner::run_app(argc, argv); }

#include <sys/stat.h>

#include "storefleet/provisioner/app.hpp"

int main(int argc, char** argv) {
  // The database, its WAL and helm's values files: owner only, whatever the caller's umask.
  ::umask(077);
  return storefleet::provisioner::run_app(argc, argv);
}

#pragma once
// The store chart's versions catalogue (versions/catalog.yaml): read and checked at start, then published into the
// database for the API. Each version's values file is layered between values-<env>.yaml and the store's own values.
#include <filesystem>

#include "storefleet/core/catalog.hpp"

namespace storefleet::provisioner {

// Throws std::runtime_error naming the file and every problem: unparsable YAML, an unsound catalogue
// (Catalog::problems), or a values file that is missing. A chart without versions/catalog.yaml has an empty
// catalogue: its stores run the chart's defaults and no version can be asked for.
Catalog load_chart_catalog(const std::filesystem::path& chart_dir);

// The values file of `version` (resolved: "" means the default) for an engine, and the version it stands for;
// both empty when the catalogue has no versions for the engine and none was asked for.
struct VersionValues {
  std::string version;
  std::filesystem::path values_file;
};
// Throws std::runtime_error when the catalogue does not list the version.
VersionValues version_values(const Catalog& catalog, const std::filesystem::path& chart_dir, Engine engine,
                             const std::string& version);

}  // namespace storefleet::provisioner

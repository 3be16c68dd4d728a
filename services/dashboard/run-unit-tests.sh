#!/usr/bin/env bash
# ctest entry for the dashboard's Vitest suite (reducer, event stream, API client, form validation).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# CI=true keeps Vitest to one run without colours or watch mode.
CI=true npm test --silent

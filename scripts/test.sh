#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test (the README's test command).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
cd "${FFQUANT_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 1500 "$@"

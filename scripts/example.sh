#!/usr/bin/env bash
# Installs what is missing, builds ffquant and runs its main job on the bundled example.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh" >/dev/null
ffquant="${FFQUANT_BUILD_DIR:-$root/build}/tools/ffquant/ffquant"
"$ffquant" autoquantize "$root/examples/python/tiny_resnet.py" -o -

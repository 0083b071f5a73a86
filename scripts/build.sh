#!/usr/bin/env bash
# Configures and builds ffquant into build/ (Release, Ninja, ccache). Used by the README commands.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build="${FFQUANT_BUILD_DIR:-$root/build}"
# Paths relative to the checkout, so a fresh clone elsewhere (CI) reuses this machine's cache.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
# Translation units built with a precompiled header are cacheable only with these.
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache >/dev/null
fi
cmake --build "$build" --parallel "$(nproc)" "$@"

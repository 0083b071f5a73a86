#!/usr/bin/env bash
# Installs everything ffquant needs to build and test on a fresh Debian 12 machine:
# Debian packages (skipped when already present) and the pinned tree-sitter-python grammar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The grammar's parser.c is generated for tree-sitter ABI 14, which Debian's runtime (0.20.7) reads.
TREE_SITTER_PYTHON_VERSION=0.21.0

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev python3-torch
  clang-16 libclang-16-dev libclang-cpp16-dev llvm-16-dev
  libyaml-cpp-dev libcli11-dev catch2 libtree-sitter-dev
)
# Node.js may come from elsewhere with npm bundled (Debian's npm package conflicts with it).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

grammar="$root/.deps/npm/node_modules/tree-sitter-python"
if ! grep -q "\"version\": \"$TREE_SITTER_PYTHON_VERSION\"" "$grammar/package.json" 2>/dev/null; then
  echo "install-deps: fetching tree-sitter-python@$TREE_SITTER_PYTHON_VERSION" >&2
  mkdir -p "$root/.deps/npm"
  npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$root/.deps/npm" \
    "tree-sitter-python@$TREE_SITTER_PYTHON_VERSION" >/dev/null
fi

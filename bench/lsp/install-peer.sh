#!/usr/bin/env bash
# Installs the LSP benchmark's peer, Red Hat's yaml-language-server from npm, into a cache folder
# outside the repository (never into package.json). Safe to run again: a finished install at the
# pinned version is kept. bench/lsp-bench.ts looks for it at the same place.
set -euo pipefail

PEER_VERSION="${STEPLINE_BENCH_PEER_VERSION:-2.0.0}"
CACHE_DIR="${STEPLINE_BENCH_CACHE:-$HOME/.cache/stepline-bench}"
PREFIX="$CACHE_DIR/yaml-language-server"
MARKER="$PREFIX/.stepline-installed"
ENTRY="$PREFIX/node_modules/yaml-language-server/bin/yaml-language-server"

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$PEER_VERSION" && -f "$ENTRY" ]]; then
  echo "yaml-language-server $PEER_VERSION already in $PREFIX"
  exit 0
fi

# A half-finished install (no marker) is redone from scratch.
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --omit=dev "yaml-language-server@$PEER_VERSION"
[[ -f "$ENTRY" ]] || { echo "yaml-language-server did not install ($ENTRY is missing)" >&2; exit 1; }
echo "$PEER_VERSION" > "$MARKER"
echo "yaml-language-server $PEER_VERSION installed in $PREFIX"

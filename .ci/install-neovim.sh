#!/usr/bin/env bash
# Installs Debian's `neovim` package for the independent-client test (test/server/neovim/), as
# root or through sudo. Safe to run again: an installed nvim is kept, and the version is printed
# either way so CI logs show which built-in LSP client the test talked to.
set -euo pipefail

if ! command -v nvim >/dev/null 2>&1; then
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  # A fresh machine has no package lists yet; refresh them once, only when neovim is unknown.
  if ! apt-cache show neovim >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -q
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends neovim
fi

nvim --version | head -n 1

#!/usr/bin/env bash
# What `npm test` needs besides npm packages: Debian's Chromium for the browser tests and
# fortunes-zh for the Chinese poetry corpus (packages/ml data/corpora.ts).
# Installed with apt-get when running as root (CI, a fresh machine of this kind); otherwise
# says the one line to run first.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/games/fortunes/tang300 ] || missing+=(fortunes-zh)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test set-up: installing ${missing[*]} (Debian packages) …"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
else
  echo "test set-up: the tests need ${missing[*]}; run first: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

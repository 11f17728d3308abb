#!/bin/sh
# Installs the Debian packages newscorpus needs when they are missing (as root, with apt-get);
# otherwise says which are missing and how to install them. Quick when nothing is missing.
set -u
PACKAGES="gcc make pkg-config lua5.4 liblua5.4-dev libsqlite3-dev libutf8proc-dev libxml2-dev
libstemmer-dev libxxhash-dev lua-cjson lua-dkjson lua-argparse lua-filesystem lua-busted lua-check luarocks
clang-format"
# `deps.sh bench`: also what the benchmarks compare against (ICU, NLTK, pyahocorasick, Hyperscan)
if [ "${1:-}" = bench ]; then
  PACKAGES="$PACKAGES libicu-dev python3-nltk python3-ahocorasick libhyperscan-dev nodejs npm"
fi
missing=""
for p in $PACKAGES; do
  case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
    "install ok installed") ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "newscorpus: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
    echo "newscorpus: apt-get install failed for:$missing" >&2; exit 1; }
  echo "newscorpus: installed$missing"
else
  echo "newscorpus: run as root:  apt-get install$missing" >&2
  exit 1
fi

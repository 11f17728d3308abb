#!/bin/sh
# bench/quotes/run.sh: throughput of quotes.find on news text (the BBC benchmark text split
# into its 2,212 articles, given to quotes.find as ingest does), with the C name scanner and,
# in the same run, with the pure-Lua one (NC_QUOTES_PURE_LUA=1) for the ratio; then the
# quality check on the seed articles when they are there.
# Needs `make build`; run from the repository root.
set -eu
SRC=${SRC:-${NC_SHARED:-/work/shared}/bench/text/bbc_news_raw.txt}
SEEDS=${SEEDS:-${NC_SHARED:-/work/shared}/seeds}
export LUA_PATH="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;"
export LUA_CPATH="$PWD/build/?.so;;"
echo "with the C scanner:"
lua5.4 bench/quotes/bench.lua "$SRC" "${COPIES:-3}"
echo "pure Lua:"
NC_QUOTES_PURE_LUA=1 lua5.4 bench/quotes/bench.lua "$SRC" "${COPIES:-3}"
if [ -d "$SEEDS" ]; then
  lua5.4 bench/quotes/seeds.lua "$SEEDS"
fi

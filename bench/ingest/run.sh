#!/bin/sh
# bench/ingest/run.sh: synthesise N articles (default 100000) from the BBC benchmark text and
# time their ingest into SQLite with FTS5. Usage: N=20000 bench/ingest/run.sh
# Needs `make build`; run from the repository root.
set -eu
N=${N:-100000}
SRC=${SRC:-/work/shared/bench/text/bbc_news_raw.txt}
OUT=${OUT:-build/bench/ingest}
mkdir -p "$OUT"
export LUA_PATH="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;"
export LUA_CPATH="$PWD/build/?.so;;"
if [ ! -f "$OUT/articles-$N.jsonl" ]; then
  lua5.4 bench/ingest/synth.lua "$SRC" "$OUT/articles-$N.jsonl" "$N" 1
fi
echo "ingest of $N articles ($(du -m "$OUT/articles-$N.jsonl" | cut -f1) MB of JSONL):"
lua5.4 bench/ingest/ingest.lua "$OUT/articles-$N.jsonl" "$OUT/corpus.db" "${BATCH:-500}"

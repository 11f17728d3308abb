#!/bin/sh
# bench/ingest/run.sh: synthesise N articles (default 100000) from the BBC benchmark text and
# time their ingest into SQLite with FTS5: the real pipeline (newscorpus.analyze) with JOBS
# worker processes (default 2) and in one process, then the stand-in analysis (sentences
# only) to show what the store alone does. Needs `make build`; run from the repository root.
#   N=20000 bench/ingest/run.sh           # quicker
#   RUNS="pipeline:2" bench/ingest/run.sh # only some runs: kind:jobs, kinds pipeline,
#                                         # standin, standin-nofts
set -eu
N=${N:-100000}
JOBS=${JOBS:-2}
RUNS=${RUNS:-"pipeline:$JOBS pipeline:1 standin:1 standin-nofts:1"}
SRC=${SRC:-/work/shared/bench/text/bbc_news_raw.txt}
OUT=${OUT:-build/bench/ingest}
mkdir -p "$OUT"
export LUA_PATH="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;"
export LUA_CPATH="$PWD/build/?.so;;"
if [ ! -f "$SRC" ]; then
  echo "ingest bench: $SRC not found, skipped"
  exit 0
fi
if [ ! -f "$OUT/articles-$N.jsonl" ]; then
  lua5.4 bench/ingest/synth.lua "$SRC" "$OUT/articles-$N.jsonl" "$N" 1
fi
echo "ingest of $N articles ($(du -m "$OUT/articles-$N.jsonl" | cut -f1) MB of JSONL), $(nproc) cores:"
for run in $RUNS; do
  kind=${run%%:*}
  jobs=${run##*:}
  case $kind in
    pipeline) analyze=pipeline fts=1 ;;
    standin) analyze=standin fts=1 ;;
    standin-nofts) analyze=standin fts=0 ;;
    *) echo "unknown run $run"; exit 2 ;;
  esac
  echo "-- $kind, jobs $jobs"
  ANALYZE=$analyze FTS=$fts JOBS=$jobs \
    lua5.4 bench/ingest/ingest.lua "$OUT/articles-$N.jsonl" "$OUT/corpus.db" ${BATCH:-}
done

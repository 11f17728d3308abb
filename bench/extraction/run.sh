#!/bin/sh
# Extraction quality on the shared benchmark data (not part of the repository's tests).
# Usage: bench/extraction/run.sh [BENCH_DIR] [OUTDIR]
#   BENCH_DIR defaults to ../shared/bench/extraction relative to the repository.
# Prints throughput (MB/s of library time) and score.py's P/R/F1 for the HTML track and the
# page-text track on scrapinghub-dev (with Readability.js on the same pages for comparison),
# and for the trafilatura evalset (HTML and page text; TRAFILATURA=0 skips it). The HTML
# speeds of nc.extract and Readability.js are CPU time, the best of PASSES passes (default 2).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${1:-$ROOT/../../shared/bench/extraction}
[ -d "$BENCH" ] || BENCH=/work/shared/bench/extraction
OUT=${2:-$ROOT/build/bench/extraction}
LUA=${LUA:-lua5.4}
export LUA_PATH="$ROOT/lua/?.lua;$ROOT/lua/?/init.lua;;"
export LUA_CPATH="$ROOT/build/?.so;;"
mkdir -p "$OUT"
[ -f "$ROOT/build/newscorpus/core.so" ] || make -C "$ROOT" build >/dev/null

SH="$BENCH/scrapinghub-dev"
# Readability.js (npm @mozilla/readability with jsdom 27.0.0) on the same pages, same run.
# READABILITY=0 skips it; the npm packages go to $OUT/node (outside the repository).
if [ "${READABILITY:-1}" = 1 ] && command -v node >/dev/null && command -v npm >/dev/null; then
  NODE_DIR="$OUT/node"
  mkdir -p "$NODE_DIR"
  if [ ! -d "$NODE_DIR/node_modules/jsdom" ] || [ ! -d "$NODE_DIR/node_modules/@mozilla/readability" ]; then
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error \
      @mozilla/readability jsdom@27.0.0 >/dev/null)
  fi
  cp "$ROOT/bench/extraction/readability.mjs" "$NODE_DIR/"
  echo "== scrapinghub-dev, HTML track (Readability.js, for comparison)"
  PASSES=${PASSES:-2} node "$NODE_DIR/readability.mjs" "$SH/html" "$OUT/sh-readability"
  python3 "$BENCH/score.py" --gold "$SH/gold" --pred "$OUT/sh-readability"
fi
echo "== scrapinghub-dev, HTML track (nc.extract)"
PASSES=${PASSES:-2} $LUA "$ROOT/bench/extraction/extract.lua" html "$SH/html" "$OUT/sh-html"
python3 "$BENCH/score.py" --gold "$SH/gold" --pred "$OUT/sh-html"
echo "== scrapinghub-dev, HTML track (nc.extract then nc.clean{article=true})"
$LUA "$ROOT/bench/extraction/extract.lua" html+clean "$SH/html" "$OUT/sh-html-clean"
python3 "$BENCH/score.py" --gold "$SH/gold" --pred "$OUT/sh-html-clean"
echo "== page-text cleaning speed (nc.clean, per file and on one 20 MB concatenation)"
$LUA "$ROOT/bench/extraction/speed.lua" "$SH/pagetext" 20
echo "== page-text cleaning speed, C engine alone (bench_clean.c, same input)"
mkdir -p "$ROOT/build/bench"
${CC:-cc} -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -I"$ROOT/csrc" \
  "$ROOT/bench/extraction/bench_clean.c" "$ROOT/build/libnewscorpus.a" -lutf8proc -lxml2 -lxxhash \
  -lm -o "$ROOT/build/bench/bench_clean"
"$ROOT/build/bench/bench_clean" "$SH/pagetext" 20
echo "== scrapinghub-dev, page-text track (nc.clean)"
$LUA "$ROOT/bench/extraction/extract.lua" pagetext "$SH/pagetext" "$OUT/sh-pagetext"
python3 "$BENCH/score.py" --gold "$SH/gold" --pred "$OUT/sh-pagetext"
if [ "${TRAFILATURA:-1}" = 1 ] && [ -d "$BENCH/trafilatura/html" ]; then
  echo "== trafilatura evalset, HTML (nc.extract)"
  $LUA "$ROOT/bench/extraction/extract.lua" html "$BENCH/trafilatura/html" "$OUT/traf-html"
  python3 "$BENCH/score.py" --evalset "$BENCH/trafilatura/evalset.json" --pred "$OUT/traf-html"
  echo "== trafilatura evalset, page text (nc.clean)"
  $LUA "$ROOT/bench/extraction/extract.lua" pagetext "$BENCH/trafilatura/pagetext" "$OUT/traf-pagetext"
  python3 "$BENCH/score.py" --evalset "$BENCH/trafilatura/evalset.json" --pred "$OUT/traf-pagetext"
fi
SEEDS=${SEEDS:-$BENCH/../../seeds}
if [ -d "$SEEDS" ]; then
  echo "== seeds (page text): titles and removed lines"
  $LUA "$ROOT/bench/extraction/seeds.lua" "$SEEDS"/*.txt
fi

#!/bin/sh
# Gazetteer matching benchmarks: newscorpus (C engine and Lua API) against Hyperscan and
# pyahocorasick on the same names and text, and CoNLL-2003 dev quality.
# Needs: make build; apt-get install libhyperscan-dev python3-ahocorasick.
# Data: /work/shared/bench (or BENCH_DATA); nothing of it is copied into the repository.
# Times are CPU time of the process (the machine is shared); peak memory is max RSS.
set -eu
cd "$(dirname "$0")/../.."
DATA=${BENCH_DATA:-${NC_SHARED:-$(cd .. && pwd)/shared}/bench}
OUT=build/bench
mkdir -p "$OUT"
export LUA_PATH="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;" LUA_CPATH="$PWD/build/?.so;;"
PY=/usr/bin/python3

TEXT=$OUT/text20.txt
if [ ! -s "$TEXT" ]; then
  for i in 1 2 3 4; do cat "$DATA/text/bbc_news_raw.txt"; done > "$TEXT"
fi
echo "text: $TEXT ($(wc -c < "$TEXT") bytes: bbc_news_raw.txt x4)"

LIB=build/libnewscorpus.a
PKGLIBS="-lutf8proc -lxxhash -lstemmer -lm"
cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -o "$OUT/bench_match" bench/match/bench_match.c $LIB $PKGLIBS
HS=0
if [ -f /usr/include/hs/hs.h ]; then
  cc -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -o "$OUT/hs_bench" bench/match/hs_bench.c -lhs && HS=1
fi
AHO=0
$PY -c "import ahocorasick" 2>/dev/null && AHO=1

run_set() {
  echo
  echo "== names: $*"
  "$OUT/bench_match" "$TEXT" "$@"
  "$OUT/bench_match" -o "$TEXT" "$@"
  [ $HS = 1 ] && "$OUT/hs_bench" "$TEXT" "$@" || echo "hyperscan: not installed"
  [ $AHO = 1 ] && $PY bench/match/aho_bench.py "$TEXT" "$@" || echo "pyahocorasick: not installed"
}

G=$DATA/gazetteers
run_set "$G/places.tsv"
run_set "$G/places.tsv" "$G/orgs.tsv" "$G/iso_countries.tsv" "$G/people_congress.tsv"
echo
echo "== the ASCII fast path gives the same matches as the general path (all four lists)"
"$OUT/bench_match" -c "$TEXT" "$G/places.tsv" "$G/orgs.tsv" "$G/iso_countries.tsv" \
  "$G/people_congress.tsv" | tail -1
echo
echo "== Lua API, load TSV + compile only (CPU time; peak RSS of the process), all four gazetteers"
/usr/bin/time -f "peak RSS %M KB" lua5.4 bench/match/lua_scan.lua --compile-only "$TEXT" \
  "$G/places.tsv" "$G/orgs.tsv" "$G/iso_countries.tsv" "$G/people_congress.tsv"
echo "== Lua API (load TSV + compile + gz:matches iterator), all four gazetteers"
/usr/bin/time -f "peak RSS %M KB" lua5.4 bench/match/lua_scan.lua "$TEXT" \
  "$G/places.tsv" "$G/orgs.tsv" "$G/iso_countries.tsv" "$G/people_congress.tsv"
echo "== Lua API, the same and gz:save"
lua5.4 bench/match/lua_scan.lua --save "$OUT/gazetteer.ncgz" "$TEXT" \
  "$G/places.tsv" "$G/orgs.tsv" "$G/iso_countries.tsv" "$G/people_congress.tsv" | tail -1

echo "== Lua API, the saved compiled gazetteer in a fresh process"
/usr/bin/time -f "peak RSS %M KB" lua5.4 bench/match/lua_compiled.lua "$OUT/gazetteer.ncgz" "$TEXT"

echo
echo "== CoNLL-2003 dev (exact spans, score.py)"
C=$DATA/conll2003
for mode in train-only train dev; do
  lua5.4 bench/match/conll.lua "$C" "$OUT/conll_$mode.tsv" "$mode"
  printf '%-10s ' "$mode"
  $PY "$C/score.py" "$OUT/conll_$mode.tsv" --gold "$C/dev.conll" | sed -n 3p
done

echo
echo "== ../shared/seeds: linking checks of issue 5 (bench/match/seeds_gazetteer.tsv)"
lua5.4 bench/match/seeds.lua bench/match/seeds_gazetteer.tsv "$(dirname "$DATA")"/seeds/*.txt

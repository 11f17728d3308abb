#!/bin/sh
# make bench: runs every bench/<area>/run.sh (tokens, extraction, match, ingest) in turn and
# keeps their output in bench/out/<area>.txt. Needs ../shared/bench (the external benchmark
# sets) beside the checkout; each area says what it compares against and prints ratios.
set -u
cd "$(dirname "$0")/.." || exit 1
export NC_SHARED="${NC_SHARED:-$(cd .. && pwd)/shared}"
if [ ! -d "$NC_SHARED/bench" ]; then
  echo "bench: $NC_SHARED/bench not found (set NC_SHARED to the folder holding bench/)" >&2
  exit 1
fi
mkdir -p bench/out
status=0
for script in bench/*/run.sh; do
  [ -f "$script" ] || continue
  area=$(basename "$(dirname "$script")")
  echo "== $area"
  if sh "$script" 2>&1 | tee "bench/out/$area.txt"; then :; else status=1; fi
done
exit $status

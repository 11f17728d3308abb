#!/bin/sh
# Allocation-failure sweep of the Lua binding: builds tools/alloc-lua.c and the module with
# AddressSanitizer + UBSan (build/san), counts the allocations N of tools/alloc-seq.lua (open a
# corpus, ingest examples/corpus, match, report), then runs the sequence once for every n in
# 1..N (every ALLOC_STEP-th with ALLOC_STEP > 1) in a fresh Lua state whose n-th allocation
# and its retry fail (ALLOC_WINDOW, see tools/alloc-lua.c). Each run must end in a Lua error or
# success with no block lost by the state and no leak reported by LeakSanitizer.
# Environment: ALLOC_STEP (default 1), ALLOC_JOBS (parallel processes, default 2),
# ALLOC_WINDOW (default 2; 0 = every allocation from n on fails), ALLOC_FIRST (default 1).
# Prints a per-message summary and "N passed, N failed".
set -u
step=${ALLOC_STEP:-1}
jobs=${ALLOC_JOBS:-2}
first=${ALLOC_FIRST:-1}
san="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
out=build/san/alloc-s$step-w${ALLOC_WINDOW:-2}
mkdir -p "$out"
make --no-print-directory BUILD=build/san CFLAGS="$san" LDFLAGS="-fsanitize=address,undefined" \
  build/san/newscorpus/core.so >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
cc -std=c11 -Wall -Wextra -Werror $san $(pkg-config --cflags lua5.4) -o build/san/alloc-lua \
  tools/alloc-lua.c $(pkg-config --libs lua5.4) -ldl || { echo "0 passed, 1 failed"; exit 1; }
here=$(pwd)
LUA_PATH="$here/lua/?.lua;$here/lua/?/init.lua;;"
LUA_CPATH="$here/build/san/?.so;;"
LSAN_OPTIONS="suppressions=$here/tools/lsan-alloc.supp:print_suppressions=0"
ASAN_OPTIONS="detect_leaks=1"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ALLOC_KEEP="$here/build/san/newscorpus/core.so:$(lua5.4 -e 'print(package.searchpath("cjson", package.cpath) or "")')"
export LUA_PATH LUA_CPATH LSAN_OPTIONS ALLOC_KEEP ASAN_OPTIONS UBSAN_OPTIONS
total=$(ALLOC_ARGS="$out" build/san/alloc-lua tools/alloc-seq.lua | awk '/^allocations/ {print $2}')
if [ -z "$total" ]; then
  echo "the sequence fails without allocation failures"; echo "0 passed, 1 failed"; exit 1
fi
echo "tools/alloc-seq.lua makes $total allocations; failing every ${step}th from $first (window ${ALLOC_WINDOW:-2}), $jobs jobs"
# job j takes n = first + (j + k * jobs) * step
j=0
while [ $j -lt "$jobs" ]; do
  mkdir -p "$out/job$j"
  ALLOC_ARGS="$out/job$j" build/san/alloc-lua tools/alloc-seq.lua $((first + j * step)) \
    $((jobs * step)) "$total" >"$out/job$j.log" 2>&1 &
  j=$((j + 1))
done
wait
passed=0; failed=0; j=0
while [ $j -lt "$jobs" ]; do
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/job$j.log" | tail -n 1)
  if [ -z "$line" ]; then
    tail -n 40 "$out/job$j.log"; echo "job $j crashed"; failed=$((failed + 1))
  else
    passed=$((passed + ${line%% passed*})); f=${line#*passed, }; failed=$((failed + ${f%% failed*}))
    grep -E 'FAILED|ERROR: (Address|Leak)Sanitizer|runtime error' "$out/job$j.log" | head -n 20
    grep -q 'ERROR: LeakSanitizer' "$out/job$j.log" && failed=$((failed + 1))
  fi
  j=$((j + 1))
done
echo "outcomes (message: runs):"
cat "$out"/job*.log | grep -E '^[0-9]+ (ok|error|FAILED)' | sed -E 's/^[0-9]+ //; s/^error: error loading module .*/error: loading a module: not enough memory/' \
  | sort | uniq -c | sort -rn | head -n 15
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

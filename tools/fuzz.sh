#!/bin/sh
# Builds every csrc/fuzz/fuzz_*.c with clang's libFuzzer + ASan + UBSan and runs each on its
# seed corpus (csrc/fuzz/corpus/<name>/, copied to build/fuzz/corpus/<name>/ so new inputs do
# not dirty the tree). Prints one line per target with its executions and "N passed, N failed".
# Environment:
#   FUZZ_SECONDS  time per target (default 60)
#   FUZZ_RUNS     stop a target after this many executions instead (-runs=; 0: time only)
#   FUZZ_MAX_LEN  largest input libFuzzer generates (default 65536)
#   FUZZ_JOBS     targets run at the same time (default 1)
#   FUZZ_TARGETS  space-separated names to run (default: all, e.g. "fuzz_repair fuzz_fts5")
# A crash leaves the reproducer as build/fuzz/crash-<name>-* and the log build/fuzz/<name>.log;
# re-run it with build/fuzz/<name> <file>.
set -u
seconds=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:-0}
maxlen=${FUZZ_MAX_LEN:-65536}
jobs=${FUZZ_JOBS:-1}
out=build/fuzz
mkdir -p "$out"
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c11 \
  -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags libutf8proc libxml-2.0 sqlite3 libxxhash)"
libs="$(pkg-config --libs libutf8proc libxml-2.0 sqlite3 libxxhash) -lstemmer -lm"
engine=$(ls csrc/nc_*.c)
targets=${FUZZ_TARGETS:-$(for s in csrc/fuzz/fuzz_*.c; do basename "$s" .c; done)}

# run_one NAME: builds and runs one target; writes $out/NAME.result ("ok N" or "FAILED ...")
run_one() {
  name=$1
  if ! clang $cflags -o "$out/$name" "csrc/fuzz/$name.c" $engine $libs >"$out/$name.build" 2>&1; then
    cat "$out/$name.build"; echo "FAILED build" >"$out/$name.result"; return
  fi
  mkdir -p "$out/corpus/$name"
  [ -d "csrc/fuzz/corpus/$name" ] && cp -r "csrc/fuzz/corpus/$name/." "$out/corpus/$name/"
  limit="-max_total_time=$seconds"
  [ "$runs" -gt 0 ] && limit="-runs=$runs"
  if "$out/$name" $limit -max_len="$maxlen" -print_final_stats=1 -rss_limit_mb=2560 \
       -artifact_prefix="$out/crash-$name-" "$out/corpus/$name" >"$out/$name.log" 2>&1; then
    n=$(grep -E 'stat::number_of_executed_units' "$out/$name.log" | awk '{print $2}')
    t=$(grep -E 'stat::average_exec_per_sec' "$out/$name.log" | awk '{print $2}')
    echo "ok $n $t" >"$out/$name.result"
  else
    echo "FAILED run" >"$out/$name.result"
  fi
}

set -- $targets
while [ $# -gt 0 ]; do
  batch=""
  i=0
  while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
    run_one "$1" &
    batch="$batch $1"; i=$((i + 1)); shift
  done
  wait
done

passed=0; failed=0
for name in $targets; do
  read -r status n t <"$out/$name.result" || status=FAILED
  if [ "$status" = ok ]; then
    echo "ok: $name ($n executions, $t exec/s)"; passed=$((passed + 1))
  else
    [ -f "$out/$name.log" ] && tail -n 30 "$out/$name.log"
    echo "FAILED: $name (log: $out/$name.log)"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

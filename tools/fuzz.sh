#!/bin/sh
# Builds every csrc/fuzz/fuzz_*.c with clang's libFuzzer + ASan + UBSan and runs each for
# FUZZ_SECONDS (default 60) on its seed corpus (csrc/fuzz/corpus/<name>/, copied to
# build/fuzz/corpus/<name>/ so new inputs do not dirty the tree). Prints "N passed, N failed".
set -u
seconds=${FUZZ_SECONDS:-60}
out=build/fuzz
mkdir -p "$out"
cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c11 \
  -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags libutf8proc libxml-2.0 sqlite3 libxxhash)"
libs="$(pkg-config --libs libutf8proc libxml-2.0 sqlite3 libxxhash) -lstemmer -lm"
engine=$(ls csrc/nc_*.c)
passed=0; failed=0
for src in csrc/fuzz/fuzz_*.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  if ! clang $cflags -o "$out/$name" "$src" $engine $libs; then
    echo "FAILED to build $name"; failed=$((failed + 1)); continue
  fi
  mkdir -p "$out/corpus/$name"
  [ -d "csrc/fuzz/corpus/$name" ] && cp -r "csrc/fuzz/corpus/$name/." "$out/corpus/$name/"
  if "$out/$name" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 \
       "$out/corpus/$name" >"$out/$name.log" 2>&1; then
    runs=$(grep -E 'stat::number_of_executed_units' "$out/$name.log" | awk '{print $2}')
    echo "ok: $name ($runs executions in ${seconds}s)"; passed=$((passed + 1))
  else
    tail -n 30 "$out/$name.log"; echo "FAILED: $name (log: $out/$name.log)"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

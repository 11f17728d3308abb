#!/bin/sh
# Crash safety of ingest: kill -9 at random points of a long ingest, then reopen and verify
# (PRAGMA integrity_check, the FTS5 index, every article of every committed file there exactly
# once, no article without its sentences); after the kills a last ingest must complete the
# corpus. Then two processes ingest the same files into one new database at the same time:
# both must finish and nothing may be stored twice. Uses tools/crash-ingest.lua.
# Environment: KILLS (default 20), CRASH_FILES (JSONL files, default 600), CRASH_PER (articles
# per file, default 25), CRASH_SEED (default 1), CRASH_MAX_DELAY (seconds, default 1.5),
# CRASH_JOBS (worker processes of each ingest, default 1: the kill then also hits a writer
# whose workers are running).
# Prints "N passed, N failed" (one pass per kill survived plus the final checks).
set -u
kills=${KILLS:-20}
files=${CRASH_FILES:-600}
per=${CRASH_PER:-25}
seed=${CRASH_SEED:-1}
maxdelay=${CRASH_MAX_DELAY:-1.5}
lua=${LUA:-lua5.4}
here=$(pwd)
export LUA_PATH="$here/lua/?.lua;$here/lua/?/init.lua;;"
export LUA_CPATH="${LUA_CPATH:-$here/build/?.so;;}"
dir=build/crash
rm -rf "$dir"
mkdir -p "$dir"
$lua tools/crash-ingest.lua gen "$dir/in" "$files" "$per" || { echo "0 passed, 1 failed"; exit 1; }
passed=0; failed=0; survived=0; attempts=0; finished=0
db="$dir/kill.db"; log="$dir/kill.log"
while [ $survived -lt "$kills" ] && [ $attempts -lt $((kills * 3)) ]; do
  attempts=$((attempts + 1))
  delay=$(awk -v s="$seed" -v a="$attempts" -v m="$maxdelay" 'BEGIN { srand(s * 1000 + a); printf "%.3f", 0.05 + rand() * m }')
  $lua tools/crash-ingest.lua ingest "$db" "$dir/in" "$log" >"$dir/ingest.out" 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -0 $pid 2>/dev/null && kill -9 $pid 2>/dev/null; then
    wait $pid 2>/dev/null
    survived=$((survived + 1))
    if out=$($lua tools/crash-ingest.lua verify "$db" "$dir/in" "$log" 2>&1); then
      echo "kill $survived after ${delay}s: $out"; passed=$((passed + 1))
    else
      echo "kill $survived after ${delay}s: FAILED: $out"; failed=$((failed + 1))
    fi
  else
    wait $pid; rc=$?
    cat "$dir/ingest.out"
    if [ $rc -ne 0 ]; then echo "ingest failed (exit $rc)"; failed=$((failed + 1)); fi
    finished=1
    break
  fi
done
[ $finished -eq 1 ] && echo "the ingest finished before $kills kills (use more CRASH_FILES)"
# the rest of the corpus
if $lua tools/crash-ingest.lua ingest "$db" "$dir/in" "$log" && \
   $lua tools/crash-ingest.lua verify "$db" "$dir/in" "$log" complete; then
  passed=$((passed + 1))
else
  echo "FAILED: second ingest / complete verification"; failed=$((failed + 1))
fi
# two writers at once
db2="$dir/two.db"
$lua tools/crash-ingest.lua ingest "$db2" "$dir/in" "$dir/two-a.log" >"$dir/two-a.out" 2>&1 &
pa=$!
$lua tools/crash-ingest.lua ingest "$db2" "$dir/in" "$dir/two-b.log" >"$dir/two-b.out" 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
echo "writer A: $(cat "$dir/two-a.out")"
echo "writer B: $(cat "$dir/two-b.out")"
if [ $ra -eq 0 ] && [ $rb -eq 0 ] && \
   $lua tools/crash-ingest.lua verify "$db2" "$dir/in" "$dir/two-a.log" complete; then
  passed=$((passed + 1))
else
  echo "FAILED: two concurrent writers (exit $ra, $rb)"; failed=$((failed + 1))
fi
echo "kills survived: $survived of $attempts attempts; $((files * per)) articles"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

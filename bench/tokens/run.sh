#!/bin/sh
# Tokens and sentences: accuracy (Golden Rules, UD GUM/EWT dev) and throughput against ICU 72
# and NLTK, all in one run. Run from the repository root after `make build`:
#   sh bench/tokens/run.sh [DATA_DIR] [MIN_MB]
# DATA_DIR holds sbd/, ud/ and text/ (default /work/shared/bench); the text is repeated to
# MIN_MB megabytes (default 20). Needs libicu-dev (ICU driver) and python3-nltk (optional).
set -eu
DATA=${1:-/work/shared/bench}
MIN_MB=${2:-20}
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3} # Debian python3, where python3-nltk installs
TEXT="$DATA/text/bbc_news_raw.txt"
export LUA_PATH="$PWD/lua/?.lua;$PWD/lua/?/init.lua;;"
export LUA_CPATH="$PWD/$BUILD/?.so;;"
BIN="$BUILD/bench/bench_tokens"
mkdir -p "$BUILD/bench"

echo "== accuracy"
lua5.4 bench/tokens/golden.lua "$DATA/sbd/golden_rules_en.jsonl"
lua5.4 bench/tokens/ud.lua "$DATA/ud/gum_dev.jsonl"
lua5.4 bench/tokens/ud.lua "$DATA/ud/ewt_dev.jsonl"

echo "== throughput (C engine vs ICU 72, same run)"
${CC:-cc} -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Icsrc bench/tokens/bench_tokens.c \
  "$BUILD/libnewscorpus.a" $(pkg-config --cflags --libs icu-uc icu-i18n) -lutf8proc -lstemmer \
  -o "$BIN"
"$BIN" "$TEXT" "$MIN_MB" | tee "$BUILD/bench/c.txt"

echo "== throughput (Lua iterators)"
lua5.4 bench/tokens/bench_lua.lua "$TEXT" "$MIN_MB" | tee "$BUILD/bench/lua.txt"

echo "== throughput (NLTK)"
if "$PYTHON" -c "import nltk" 2>/dev/null; then
  "$PYTHON" bench/tokens/bench_nltk.py "$TEXT" "$MIN_MB" | tee "$BUILD/bench/nltk.txt"
  nc=$(awk '/words +newscorpus/ {print $3}' "$BUILD/bench/c.txt")
  awk -v nc="$nc" '/NLTK/ {printf "ratio words %.1fx %s %s\n", nc / $4, $2, $3}' "$BUILD/bench/nltk.txt"
else
  echo "python3-nltk not installed: skipped (apt-get install python3-nltk)"
fi

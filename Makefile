# newscorpus: build, test, demo, bench. `make demo` and `make test` install what is missing.
LUA      ?= lua5.4
CC       ?= cc
BUILD    ?= build
PKGS     := lua5.4 libutf8proc libxml-2.0 sqlite3 libxxhash
LUA_PATHS = LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;" \
            LUA_CPATH="$(CURDIR)/$(BUILD)/?.so;;"
BUSTED   := $(LUA) /usr/bin/busted

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla -Wpointer-arith -Wundef -Wcast-align -Wnull-dereference
CFLAGS   ?= -O3 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(filter-out lua5.4,$(PKGS)) 2>/dev/null) -lstemmer -lm
ALL_CFLAGS = -std=c11 -fPIC -D_POSIX_C_SOURCE=200809L $(WARN) $(PKG_CFLAGS) $(CFLAGS)

ENGINE_SRC := $(filter-out csrc/lnc_%.c,$(wildcard csrc/*.c))
BIND_SRC   := $(wildcard csrc/lnc_*.c)
TEST_SRC   := $(wildcard csrc/test/test_*.c)
HEADERS    := $(wildcard csrc/*.h csrc/test/*.h)
ENGINE_OBJ := $(ENGINE_SRC:csrc/%.c=$(BUILD)/obj/%.o)
BIND_OBJ   := $(BIND_SRC:csrc/%.c=$(BUILD)/obj/%.o)
TEST_BIN   := $(TEST_SRC:csrc/test/%.c=$(BUILD)/test/%)
MODULE     := $(BUILD)/newscorpus/core.so
ENGINE_LIB := $(BUILD)/libnewscorpus.a

CHECK_ALLOC_STEP ?= 13
SAN_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_PRELOAD = $(shell $(CC) -print-file-name=libasan.so):$(shell $(CC) -print-file-name=libubsan.so)

.PHONY: all deps build test check unit spec lint rock demo bench fuzz alloc crash clean screenshot
all: build

deps:
	@tools/deps.sh

build: $(MODULE) $(TEST_BIN)

$(BUILD)/obj/%.o: csrc/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(ENGINE_LIB): $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(MODULE): $(BIND_OBJ) $(ENGINE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -shared -o $@ $(BIND_OBJ) $(ENGINE_LIB) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/test/%: csrc/test/%.c $(ENGINE_LIB) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ENGINE_LIB) $(PKG_LIBS) $(LDFLAGS)

# --- tests -------------------------------------------------------------------------------
# Each suite records "N passed, N failed" in $(BUILD)/results; tools/summary adds them up.
test: deps
	@rm -rf $(BUILD)/results
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory unit spec
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory lint rock
	@tools/summary $(BUILD)/results

unit: build
	@for t in $(TEST_BIN); do tools/run-suite $(BUILD)/results unit-$$(basename $$t) $$t; done

spec: build
	@$(LUA_PATHS) tools/run-suite $(BUILD)/results spec-$(notdir $(BUILD)) $(BUSTED) -o utfTerminal spec

# The same unit tests and specs with AddressSanitizer + UBSan (a separate build tree).
check: deps
	@$(MAKE) --no-print-directory BUILD=build/san CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" build
	@for t in $(TEST_SRC:csrc/test/%.c=build/san/test/%); do \
	  ASAN_OPTIONS=detect_leaks=1 tools/run-suite $(BUILD)/results san-unit-$$(basename $$t) $$t; done
	@LD_PRELOAD="$(SAN_PRELOAD)" ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;" LUA_CPATH="$(CURDIR)/build/san/?.so;;" \
	  tools/run-suite $(BUILD)/results san-spec $(BUSTED) -o utfTerminal spec
	@ALLOC_STEP=$(CHECK_ALLOC_STEP) tools/run-suite $(BUILD)/results san-alloc-lua tools/alloc-lua.sh
	@# the portable (non-SIMD) scanning paths: the C unit tests built with NC_NO_SIMD
	@$(MAKE) --no-print-directory BUILD=build/nosimd CFLAGS="$(SAN_FLAGS) -DNC_NO_SIMD" \
	  LDFLAGS="-fsanitize=address,undefined" $(TEST_SRC:csrc/test/%.c=build/nosimd/test/%)
	@for t in $(TEST_SRC:csrc/test/%.c=build/nosimd/test/%); do \
	  ASAN_OPTIONS=detect_leaks=1 tools/run-suite $(BUILD)/results nosimd-unit-$$(basename $$t) $$t; done

lint: deps
	@tools/run-suite $(BUILD)/results luacheck luacheck --formatter plain --codes lua spec bin/newscorpus examples bench \
	  tools/alloc-seq.lua tools/crash-ingest.lua
	@tools/run-suite $(BUILD)/results clang-format tools/check-format

# Install the rock into an empty tree and run the README example against it.
rock: deps
	@tools/run-suite $(BUILD)/results rock tools/check-rock $(BUILD)/rocktree

demo: deps build
	@$(LUA_PATHS) $(LUA) bin/newscorpus demo --db $(BUILD)/demo/corpus.db --out $(BUILD)/demo \
	  --gazetteer examples/gazetteer.tsv examples/corpus

bench: deps build
	@tools/deps.sh bench
	@$(LUA_PATHS) sh bench/run.sh

# libFuzzer targets (csrc/fuzz), FUZZ_SECONDS each (see tools/fuzz.sh for FUZZ_RUNS, FUZZ_JOBS).
fuzz: deps
	@tools/fuzz.sh

# Lua-state allocation failures at every allocation of tools/alloc-seq.lua (ALLOC_STEP=1; make
# check strides by CHECK_ALLOC_STEP), under ASan + UBSan + LeakSanitizer.
alloc: deps
	@tools/alloc-lua.sh

# kill -9 during a long ingest (KILLS, default 20), reopen and verify; two concurrent writers.
crash: deps build
	@LUA_CPATH="$(CURDIR)/$(BUILD)/?.so;;" tools/crash-test.sh

clean:
	rm -rf build

# Renders the demo's HTML report in headless Chromium (Debian package chromium) to docs/report.png.
screenshot: demo
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq chromium >/dev/null; }
	@chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync \
	  --user-data-dir="$$(mktemp -d)" --hide-scrollbars --window-size=1100,1500 \
	  --screenshot=docs/report.png "file://$(CURDIR)/$(BUILD)/demo/report.html" 2>/dev/null
	@echo "wrote docs/report.png"

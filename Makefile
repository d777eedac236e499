# brief: build, dependencies, tests, demo.
#
#   make          build ./brief
#   make deps     install the Debian 12 packages the build, tests and demo need
#   make demo     deps + build + ingest samples/ + render the weekly brief and
#                 the digest of 2023-W43 into out/
#   make test     deps + build from scratch + every test (also under ASan/UBSan)
#   make fuzz     clang + libFuzzer: each tests/fuzz/fuzz_X.c for FUZZ_SECONDS (60)
#
# Every engine/*/*.c except engine/cli/main.c is a module linked into ./brief
# and into the unit tests; tests/unit/test_X.c is the driver of module X.
# Sources include each other's headers by their path below engine/
# ("store/store.h"), so the folder of every dependency shows in the #include.

CC      ?= cc
PKGS    := lua5.4 sqlite3 harfbuzz harfbuzz-subset fontconfig libcrypto libdeflate jansson libutf8proc
CSTD    := -std=c11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS     = $(PKG_LIBS) -lhpdf -lunibreak -lm
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

ENGINE_SRC := $(filter-out engine/cli/main.c,$(wildcard engine/*/*.c))
ENGINE_HDR := $(wildcard engine/*/*.h)
ENGINE_OBJ := $(ENGINE_SRC:engine/%.c=build/obj/%.o)
ASAN_OBJ   := $(ENGINE_SRC:engine/%.c=build/asan/%.o)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=build/unit/%)
ASAN_BIN   := $(UNIT_SRC:tests/unit/%.c=build/unit-asan/%)
SANITIZE   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
# Fuzz targets (tests/fuzz/fuzz_X.c): built with libFuzzer by `make fuzz`,
# and with tests/fuzz/replay.c as main (ASan/UBSan) for `make test`, which
# replays the corpus tests/fuzz/X/.
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz-replay/%)
FUZZ_OBJ   := $(ENGINE_SRC:engine/%.c=build/fuzz-obj/%.o)
FUZZ_CC    := clang
FUZZ_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 60

# Debian 12 packages: build, fonts, and the tools the tests read PDFs with.
DEB_PKGS := build-essential pkg-config liblua5.4-dev libsqlite3-dev libhpdf-dev \
            libharfbuzz-dev libunibreak-dev libfontconfig-dev libssl-dev \
            fonts-noto-cjk fonts-texgyre fonts-hanazono fonts-arphic-uming fonts-wqy-microhei \
            fonts-dejavu-core poppler-utils qpdf sqlite3 \
            python3-reportlab time libdeflate-dev valgrind \
            libjansson-dev libutf8proc-dev
# Only for `make fuzz` (not the tests): clang 14 and its libFuzzer runtime.
FUZZ_PKGS := clang libclang-rt-14-dev

.PHONY: all deps fuzz-deps demo test unit unit-asan fuzz fuzz-replay e2e clean bench
.SECONDARY:

all: brief

brief: build/obj/cli/main.o $(ENGINE_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: engine/%.c $(ENGINE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Iengine -DBRIEF_VERSION='"$(VERSION)"' -c -o $@ $<

build/asan/%.o: engine/%.c $(ENGINE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANITIZE) $(PKG_CFLAGS) -Iengine -DBRIEF_VERSION='"$(VERSION)"' -c -o $@ $<

build/unit/%: tests/unit/%.c tests/harness.h $(ENGINE_OBJ) | build/unit
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Iengine -Itests -o $@ $< $(ENGINE_OBJ) $(LIBS)

build/unit-asan/%: tests/unit/%.c tests/harness.h $(ASAN_OBJ) | build/unit-asan
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANITIZE) $(PKG_CFLAGS) -Iengine -Itests -o $@ $< $(ASAN_OBJ) $(LIBS)

build/fuzz-obj/%.o: engine/%.c $(ENGINE_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CSTD) $(WARN) -O1 -g $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Iengine -DBRIEF_VERSION='"$(VERSION)"' -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ) | build/fuzz
	$(FUZZ_CC) $(CSTD) $(WARN) -O1 -g $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Iengine -o $@ $< $(FUZZ_OBJ) $(LIBS)

build/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(ASAN_OBJ) | build/fuzz-replay
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANITIZE) $(PKG_CFLAGS) -Iengine -o $@ $< tests/fuzz/replay.c $(ASAN_OBJ) $(LIBS)

build/unit build/unit-asan build/fuzz build/fuzz-replay:
	mkdir -p $@

unit: $(UNIT_BIN)
unit-asan: $(ASAN_BIN)
fuzz-replay: $(REPLAY_BIN)

# Installs only what is missing; as root directly, else through sudo, else
# prints the command to run and fails.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all installed"; exit 0; fi; \
	cmd="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing"; \
	if [ "$$(id -u)" = 0 ]; then echo "deps: installing$$missing"; sh -c "$$cmd" >/dev/null; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo sh -c "$$cmd" >/dev/null; \
	else echo "deps: missing$$missing; run as root:"; echo "  $$cmd"; exit 1; fi

test: deps
	$(MAKE) clean
	$(MAKE) -j2 brief unit unit-asan fuzz-replay
	@sh tests/run.sh

fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_PKGS)"

fuzz: fuzz-deps
	$(MAKE) -j2 $(FUZZ_BIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# The demo grows with the product: each stage that lands adds its step here.
demo: deps brief
	rm -f out/demo.db && mkdir -p out
	./brief ingest --db out/demo.db samples/
	./brief search --db out/demo.db --limit 3 工会
	./brief run scripts/weekly.lua --db out/demo.db --set week=2023-W43 -o out/weekly-2023-W43.pdf
	./brief run scripts/digest.lua --db out/demo.db --set week=2023-W43 -o out/digest-2023-W43.pdf

bench: brief
	@for b in bench/*/run; do echo "== $$b"; sh $$b || exit 1; done

clean:
	rm -rf build brief

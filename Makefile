# SPDX-License-Identifier: GPL-3.0-or-later
# brief: build, dependencies, tests, demo.
#
#   make          build ./brief
#   make deps     install the Debian 12 packages the build, tests and demo need
#   make demo     deps + build + ingest samples/ + render the weekly brief, the
#                 digest and the showcase of 2023-W43 into out/
#   make test     deps + build from scratch + every test (also under ASan/UBSan)
#   make fuzz     clang + libFuzzer: each tests/fuzz/fuzz_X.c for FUZZ_SECONDS (60)
#   make install  ./brief, its data, manual pages, completion and docs under
#                 DESTDIR + PREFIX (default /usr/local); make uninstall
#   make deb      the Debian package, in build/deb/ (make package-test checks it)
#
# Every engine/*/*.c except engine/cli/main.c is a module linked into ./brief
# and into the unit tests; tests/unit/test_X.c is the driver of module X.
# Sources include each other's headers by their path below engine/
# ("store/store.h"), so the folder of every dependency shows in the #include.

CC      ?= cc
PKGS    := lua5.4 sqlite3 harfbuzz harfbuzz-subset fontconfig libdeflate jansson libseccomp libpng libutf8proc
CSTD    := -std=c11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# poppler-glib's headers only: the PDF reader loads the library itself when
# a PDF comes (engine/ingest/pdfread.c), under the soname it was built with.
POPPLER_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir poppler-glib 2>/dev/null)/libpoppler-glib.so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')
PKG_CFLAGS += $(shell pkg-config --cflags poppler-glib 2>/dev/null) $(if $(POPPLER_SONAME),-DPDFREAD_POPPLER_SONAME='"$(POPPLER_SONAME)"')
# The readers' other libraries, headers only, the same way: the Word reader
# opens libzip and libxml2 when a .docx comes (engine/ingest/docxread.c), the
# HTML reader libxml2 when a page comes (engine/ingest/htmlread.c), the
# fetcher libcurl when a URL comes (engine/intake/urlfetch.c).
ZIP_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libzip 2>/dev/null)/libzip.so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')
XML2_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libxml-2.0 2>/dev/null)/libxml2.so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')
CURL_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libcurl 2>/dev/null)/libcurl.so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')
PKG_CFLAGS += $(shell pkg-config --cflags libzip libxml-2.0 libcurl 2>/dev/null) \
              $(if $(ZIP_SONAME),-DDOCXREAD_ZIP_SONAME='"$(ZIP_SONAME)"') \
              $(if $(XML2_SONAME),-DDOCXREAD_XML2_SONAME='"$(XML2_SONAME)"' -DHTMLREAD_XML2_SONAME='"$(XML2_SONAME)"') \
              $(if $(CURL_SONAME),-DURLFETCH_CURL_SONAME='"$(CURL_SONAME)"')
# libcrypto the same way, headers only: SHA-256 (engine/util/sha256.c)
# opens it when ingest or batch first hashes, so typeset, run and the other
# commands no longer load it at start-up (issue 18).
CRYPTO_SONAME := $(shell objdump -p "$$(pkg-config --variable=libdir libcrypto 2>/dev/null)/libcrypto.so" 2>/dev/null | awk '$$1 == "SONAME" {print $$2}')
PKG_CFLAGS += $(shell pkg-config --cflags libcrypto 2>/dev/null) \
              $(if $(CRYPTO_SONAME),-DSHA256_CRYPTO_SONAME='"$(CRYPTO_SONAME)"')
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS     = $(PKG_LIBS) -lhpdf -lunibreak -lhyphen -lm
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
# The commit `brief --version` names, in a git checkout only (a source copy
# or a Debian build has no .git, and no commit to name).
COMMIT  := $(shell [ -e .git ] && git describe --always --dirty 2>/dev/null)

# Where `make install` puts things (GNU names). The built brief looks for its
# data beside itself or in ../share/brief first (engine/util/paths.h), so
# DATADIR is only its last resort; SYSCONFDIR is where a site's roles.conf
# or mentions/ override the shipped ones (/etc/brief for PREFIX=/usr).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share
SYSCONFDIR  ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
MANDIR      ?= $(DATADIR)/man
DOCDIR      ?= $(DATADIR)/doc/brief
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# Headers the build generates (build/gen/): rewritten only when their text
# changes, so a new commit rebuilds main.o alone and a new PREFIX paths.o.
GEN := build/gen

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

# Debian 12 packages: build, fonts, the tools the tests read PDFs with, and
# those that build and check the manual pages and the Debian package.
DEB_PKGS := build-essential pkg-config liblua5.4-dev libsqlite3-dev libhpdf-dev \
            libharfbuzz-dev libunibreak-dev libhyphen-dev hyphen-en-us libfontconfig-dev libssl-dev \
            fonts-noto-cjk fonts-texgyre fonts-hanazono fonts-arphic-uming fonts-wqy-microhei \
            fonts-dejavu-core poppler-utils mupdf-tools qpdf sqlite3 \
            python3-reportlab time libdeflate-dev valgrind libjansson-dev libutf8proc-dev libopencc-dev \
            scdoc debhelper dpkg-dev lintian man-db systemd libseccomp-dev libpng-dev libpoppler-glib-dev \
            libzip-dev libxml2-dev libcurl4-openssl-dev python3
# Only for `make fuzz` (not the tests): clang 14 and its libFuzzer runtime.
FUZZ_PKGS := clang libclang-rt-14-dev

# Manual pages: man/NAME.1.scd, built with scdoc (Debian's scdoc package).
MAN_SRC   := $(wildcard man/*.1.scd)
MAN_PAGES := $(MAN_SRC:man/%.scd=build/man/%)

# What `make install` puts under $(DATADIR)/brief: every file of these
# directories (profiles/ once it exists).
DATA_FILES = $(shell find scripts data fonts $(wildcard profiles) -type f ! -name '.*' | LC_ALL=C sort)
DOC_FILES  = README.md LICENSE $(wildcard docs/*.md docs/*.png)
# Ready-to-copy files for administrators, in $(DOCDIR)/examples.
EXAMPLE_FILES = contrib/jobs.lua contrib/brief-weekly.service contrib/brief-weekly.timer contrib/crontab
INSTALL ?= install

.PHONY: all deps fuzz-deps demo test unit unit-asan fuzz fuzz-replay e2e clean bench FORCE \
        man install uninstall source-copy deb package-test
.SECONDARY:

all: brief

brief: build/obj/cli/main.o $(ENGINE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

build/obj/%.o: engine/%.c $(ENGINE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Iengine -I$(GEN) -DBRIEF_VERSION='"$(VERSION)"' -c -o $@ $<

build/asan/%.o: engine/%.c $(ENGINE_HDR)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANITIZE) $(PKG_CFLAGS) -Iengine -I$(GEN) -DBRIEF_VERSION='"$(VERSION)"' -c -o $@ $<

$(GEN)/brief_dirs.h: FORCE
	@mkdir -p $(@D)
	@printf '/* Generated by the Makefile from PREFIX: do not edit. */\n#define BRIEF_DATADIR "%s"\n#define BRIEF_SYSCONFDIR "%s"\n' \
	  '$(DATADIR)/brief' '$(SYSCONFDIR)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(GEN)/brief_commit.h: FORCE
	@mkdir -p $(@D)
	@printf '/* Generated by the Makefile: git describe, "" outside a checkout. */\n#define BRIEF_COMMIT "%s"\n' '$(COMMIT)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

build/obj/util/paths.o build/asan/util/paths.o build/fuzz-obj/util/paths.o: $(GEN)/brief_dirs.h
build/obj/cli/main.o: $(GEN)/brief_commit.h

# The traditional-to-simplified map of util/fold.c, from OpenCC at build time.
$(GEN)/fold_table.h: engine/util/gen/fold_table.c
	@mkdir -p $(@D) build/tools
	$(CC) $(CSTD) $(WARN) -O1 $(shell pkg-config --cflags opencc) -o build/tools/fold_table $< $(shell pkg-config --libs opencc)
	build/tools/fold_table >$@.tmp && mv $@.tmp $@

build/obj/util/fold.o build/asan/util/fold.o build/fuzz-obj/util/fold.o: $(GEN)/fold_table.h
# test_fold checks the compiled-in map against OpenCC itself: only it links libopencc.
build/unit/test_fold build/unit-asan/test_fold: LIBS += $(shell pkg-config --libs opencc)
build/unit/test_fold build/unit-asan/test_fold: PKG_CFLAGS += $(shell pkg-config --cflags opencc)

build/unit/%: tests/unit/%.c tests/harness.h $(ENGINE_OBJ) | build/unit
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Iengine -Itests -o $@ $< $(ENGINE_OBJ) $(LIBS)

build/unit-asan/%: tests/unit/%.c tests/harness.h $(ASAN_OBJ) | build/unit-asan
	$(CC) $(CSTD) $(WARN) -O1 -g $(SANITIZE) $(PKG_CFLAGS) -Iengine -Itests -o $@ $< $(ASAN_OBJ) $(LIBS)

build/fuzz-obj/%.o: engine/%.c $(ENGINE_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CSTD) $(WARN) -O1 -g $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -Iengine -I$(GEN) -DBRIEF_VERSION='"$(VERSION)"' -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) | build/fuzz
	$(FUZZ_CC) $(CSTD) $(WARN) -O1 -g $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Iengine -o $@ $< $(FUZZ_OBJ) $(LIBS)

build/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(ASAN_OBJ) | build/fuzz-replay
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
	./brief run scripts/showcase.lua --db out/demo.db --set week=2023-W43 -o out/showcase-2023-W43.pdf

bench: brief
	@for b in bench/*/run; do echo "== $$b"; sh $$b || exit 1; done

man: $(MAN_PAGES)

build/man/%.1: man/%.1.scd VERSION
	@mkdir -p $(@D)
	sed 's/@VERSION@/$(VERSION)/g' $< | scdoc >$@.tmp && mv $@.tmp $@

# DESTDIR stages the tree for a package (make install DESTDIR=debian/brief
# PREFIX=/usr); brief finds its data relative to its own place, so a staged
# tree runs as it is. Nothing goes to $(SYSCONFDIR): a site's roles.conf or
# mentions/ there is the administrator's, which uninstall never touches.
install: brief man
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
	  $(DESTDIR)$(DATADIR)/brief $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 755 brief $(DESTDIR)$(BINDIR)/brief
	@for f in $(DATA_FILES); do \
	  $(INSTALL) -d "$(DESTDIR)$(DATADIR)/brief/$${f%/*}" && \
	  $(INSTALL) -m 644 "$$f" "$(DESTDIR)$(DATADIR)/brief/$$f" || exit 1; \
	done; echo "installed $(words $(DATA_FILES)) data files in $(DESTDIR)$(DATADIR)/brief"
	$(INSTALL) -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 contrib/bash-completion/brief $(DESTDIR)$(BASHCOMPDIR)/brief
	$(INSTALL) -m 644 README.md LICENSE $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 $(filter docs/%,$(DOC_FILES)) $(DESTDIR)$(DOCDIR)/docs/
	$(INSTALL) -m 644 $(EXAMPLE_FILES) $(DESTDIR)$(DOCDIR)/examples/

# Removes what install put in shared directories file by file, and brief's
# own directories whole (files a newer or older version installed too).
uninstall:
	@test -n "$(DATADIR)" && test -n "$(DOCDIR)" || { echo "uninstall: DATADIR and DOCDIR must be set"; exit 2; }
	rm -f $(DESTDIR)$(BINDIR)/brief $(DESTDIR)$(BASHCOMPDIR)/brief
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN_PAGES)))
	rm -rf $(DESTDIR)$(DATADIR)/brief $(DESTDIR)$(DOCDIR)

# A copy of the source tree in DEST, for building a package or an installed
# tree away from the checkout: in a git checkout the files git knows
# (tracked, or new and not ignored), as they are in the working tree; else
# every file but build products.
source-copy:
	@test -n "$(DEST)" || { echo "usage: make source-copy DEST=DIR"; exit 2; }
	@mkdir -p $(DEST)
	@{ if [ -e .git ] && git ls-files >/dev/null 2>&1; then git ls-files -co --exclude-standard; \
	   else find . \( -path ./build -o -path ./out -o -path ./.git -o -path ./brief -o -name '*.db*' \) -prune \
	        -o -type f -print | sed 's@^\./@@'; fi; } | \
	  while IFS= read -r f; do [ -f "$$f" ] && printf '%s\n' "$$f"; done | tar -cf - -T - | tar -xf - -C $(DEST)

# The Debian package, built by dpkg-buildpackage from a copy of the tree in
# build/deb/brief-VERSION/ (the checkout stays clean, and the parent of a
# clone, where dpkg-buildpackage writes, may not be writable): the result is
# build/deb/brief_VERSION_ARCH.deb. `make package-test` checks it.
DEB_DIR := build/deb
deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	$(MAKE) --no-print-directory source-copy DEST=$(DEB_DIR)/brief-$(VERSION)
	cd $(DEB_DIR)/brief-$(VERSION) && dpkg-buildpackage --build=binary --no-sign -jauto
	@ls $(DEB_DIR)/*.deb

package-test: brief
	@TESTS=e2e/package sh tests/run.sh

clean:
	rm -rf build brief

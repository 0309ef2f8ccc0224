# cifra — build, test, install.  `make run` and `make check` are the two
# commands a newcomer types; both first make sure the Debian packages are
# there (scripts/install-deps.sh).

VERSION   := 0.1.0
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
BUILD     ?= build
SANITIZE  ?=

SRCS      := $(wildcard src/*.c)
CLI_SRCS  := $(wildcard src/cli/*.c)
TEST_SRCS := $(wildcard tests/test_*.c)
HEADERS   := $(wildcard include/cifra/*.h) $(wildcard src/*.h)

# The spelled-number table is generated at build time from libnumbertext's
# rules by a small C++ program (tools/gen_numwords.cc); never committed.
GEN_TABLE := $(BUILD)/gen/numwords_table.c
OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/numwords_table.o
CLI_OBJS  := $(CLI_SRCS:src/cli/%.c=$(BUILD)/obj/cli/%.o)
TESTS     := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
DEPS_OK   := build/.deps-ok

# Recursive (=) so pkg-config runs only once the packages are installed.
PKG_CFLAGS = $(shell pkg-config --cflags gsl jansson libexttextcat libxml-2.0)
PKG_LIBS   = $(shell pkg-config --libs gsl jansson libexttextcat libxml-2.0)
TEXTCAT_DIR = $(shell pkg-config --variable=pkgdatadir libexttextcat)
NUMTEXT_DIR = $(shell pkg-config --variable=pkgdatadir libnumbertext)
CXX       ?= g++
WARN       = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
SANITIZERS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS   = $(if $(SANITIZE),$(SANITIZERS))
OPT        = $(if $(SANITIZE),-O1,-O2)
CFLAGS    ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(SANFLAGS) -Iinclude \
             -DCIFRA_VERSION='"$(VERSION)"' \
             -DCIFRA_TEXTCAT_DIR='"$(TEXTCAT_DIR)"' $(PKG_CFLAGS) $(CFLAGS)
LDLIBS     = -lcsv $(PKG_LIBS) -lm -pthread
TEST_LIBS  = -lcmocka

.PHONY: all deps run check test test-unit test-cli test-sanitize test-valgrind \
        test-fuzz test-fault fuzz fuzz-build bench install uninstall clean format

all: $(BUILD)/cifra

$(DEPS_OK): scripts/install-deps.sh
	@mkdir -p $(dir $@)
	@sh scripts/install-deps.sh
	@touch $@

deps: $(DEPS_OK)

$(BUILD)/obj/%.o: src/%.c $(HEADERS) $(wildcard src/*.h) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/cli/%.o: src/cli/%.c $(HEADERS) $(wildcard src/cli/*.h) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -D_GNU_SOURCE -Isrc/cli -c $< -o $@

$(BUILD)/gen/gen_numwords: tools/gen_numwords.cc | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CXX) -std=c++17 -O1 -Wall -Wextra -Werror \
	    $$(pkg-config --cflags libnumbertext) -o $@ $< \
	    $$(pkg-config --libs libnumbertext)

$(GEN_TABLE): $(BUILD)/gen/gen_numwords
	$(BUILD)/gen/gen_numwords $(NUMTEXT_DIR) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/numwords_table.o: $(GEN_TABLE) include/cifra/numwords.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libcifra.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/cifra: $(CLI_OBJS) $(BUILD)/libcifra.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJS) $(BUILD)/libcifra.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/harness.h $(BUILD)/libcifra.a | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libcifra.a $(LDLIBS) $(TEST_LIBS)

# The main job: the report on the shipped datasets.
run: $(BUILD)/cifra
	@$(BUILD)/cifra report -o plots
	@echo "open plots/report.html (one self-contained file) or read plots/report.md"

test-unit: $(TESTS)
	@sh tests/run-unit.sh $(TESTS)

test-cli: $(BUILD)/cifra
	@CIFRA=$(BUILD)/cifra sh tests/cli/run.sh

test: test-unit test-cli

test-sanitize:
	@$(MAKE) --no-print-directory BUILD=build/sanitize SANITIZE=1 test

test-valgrind: $(TESTS) $(BUILD)/cifra
	@VALGRIND=1 sh tests/run-unit.sh $(TESTS)
	@CIFRA=$(BUILD)/cifra sh tests/valgrind-cli.sh

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory test-sanitize
	@$(MAKE) --no-print-directory test-valgrind
	@$(MAKE) --no-print-directory test-fault
	@$(MAKE) --no-print-directory test-fuzz
	@echo "make check: all test suites passed"

# Fuzzing (tests/fuzz/, README "Fuzzing and fault injection"): libFuzzer
# harnesses built with clang, the library with ASan and UBSan.
FUZZ_CC      ?= clang
FUZZ_BUILD   := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= -1
FUZZ_NAMES   := $(sort $(filter-out fuzz,$(basename $(notdir $(wildcard tests/fuzz/*.c)))))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz-%)
# The library's own objects and flags (whatever they become), rebuilt with
# clang, the sanitizers and libFuzzer's coverage; a later -O1 wins.
FUZZ_OBJS    := $(OBJS:$(BUILD)/obj/%.o=$(FUZZ_BUILD)/obj/%.o)
FUZZ_CFLAGS   = $(ALL_CFLAGS) -O1 $(SANITIZERS)

$(FUZZ_BUILD)/obj/%.o: src/%.c $(HEADERS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# generated library sources, if any (built where the library builds them)
$(FUZZ_BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(HEADERS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libcifra.a: $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h \
                      $(FUZZ_BUILD)/libcifra.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
	    tests/fuzz/fuzz.c $(FUZZ_BUILD)/libcifra.a $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# A campaign: each harness FUZZ_SECONDS in turn, new inputs kept in
# build/fuzz/corpus/NAME, crashes in build/fuzz/crashes/NAME.
fuzz: deps
	@FUZZ_CC=$(FUZZ_CC) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RUNS=$(FUZZ_RUNS) MAKE="$(MAKE)" sh tests/fuzz/run.sh campaign $(FUZZ_NAMES)

# make check: the regression inputs, the seed corpus, a few seconds each.
test-fuzz:
	@FUZZ_CC=$(FUZZ_CC) MAKE="$(MAKE)" sh tests/fuzz/run.sh smoke $(FUZZ_NAMES)

# make check: every allocation of `check` and `report` fails in turn.
test-fault: $(BUILD)/cifra $(BUILD)/fault/libfault.so
	@CIFRA=$(BUILD)/cifra FAULT_LIB=$(BUILD)/fault/libfault.so sh tests/fault/run.sh

$(BUILD)/fault/libfault.so: tests/fault/fault.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g -fPIC -shared \
	    -Wl,-soname,libcifra-fault.so -o $@ $<

bench: $(BUILD)/cifra
	sh scripts/bench-growth $(BENCH_SIZES)

install: $(BUILD)/cifra
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	           $(DESTDIR)$(PREFIX)/include/cifra $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/cifra $(DESTDIR)$(PREFIX)/bin/cifra
	install -m 644 $(BUILD)/libcifra.a $(DESTDIR)$(PREFIX)/lib/libcifra.a
	install -m 644 $(HEADERS) $(DESTDIR)$(PREFIX)/include/cifra/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' cifra.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/cifra.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/cifra $(DESTDIR)$(PREFIX)/lib/libcifra.a \
	      $(DESTDIR)$(PREFIX)/lib/pkgconfig/cifra.pc
	rm -rf $(DESTDIR)$(PREFIX)/include/cifra

format:
	clang-format -i tools/*.cc src/*.c src/cli/*.c src/cli/*.h include/cifra/*.h tests/*.c tests/*.h

clean:
	rm -rf build
	rm -f plots/*.svg plots/*.png plots/report.md plots/report.html

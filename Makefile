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
HEADERS   := $(wildcard include/cifra/*.h)

OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJS  := $(CLI_SRCS:src/cli/%.c=$(BUILD)/obj/cli/%.o)
TESTS     := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
DEPS_OK   := build/.deps-ok

# Recursive (=) so pkg-config runs only once the packages are installed.
PKG_CFLAGS = $(shell pkg-config --cflags gsl jansson)
PKG_LIBS   = $(shell pkg-config --libs gsl jansson)
WARN       = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
SANITIZERS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANFLAGS   = $(if $(SANITIZE),$(SANITIZERS))
OPT        = $(if $(SANITIZE),-O1,-O2)
CFLAGS    ?= $(OPT) -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(SANFLAGS) -Iinclude \
             -DCIFRA_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(CFLAGS)
LDLIBS     = -lcsv $(PKG_LIBS) -lm -pthread
TEST_LIBS  = -lcmocka

.PHONY: all deps run check test test-unit test-cli test-sanitize test-valgrind \
        bench install uninstall clean format

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
	@echo "make check: all test suites passed"

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
	clang-format -i src/*.c src/cli/*.c src/cli/*.h include/cifra/*.h tests/*.c tests/*.h

clean:
	rm -rf build
	rm -f plots/*.svg plots/*.png plots/report.md plots/report.html

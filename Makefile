# libaotcompat: build and install the C library, its headers, its
# pkg-config file and the `aotcompat` command.
#
#   make                  cargo build --release (library and command), the
#                         build tree's soname link and aotcompat.pc
#   make install          install into $(DESTDIR)$(PREFIX)
#   make uninstall        remove what `make install` installed
#   make clean            cargo clean
#
# Variables (as in GNU's conventions):
#   PREFIX        /usr/local
#   BINDIR        $(PREFIX)/bin
#   LIBDIR        $(PREFIX)/lib
#   INCLUDEDIR    $(PREFIX)/include
#   PKGCONFIGDIR  $(LIBDIR)/pkgconfig
#   DESTDIR       staging root, prepended to every path above (not
#                 recorded in aotcompat.pc)
#   LIBRARY_TYPES `shared static` (default), `shared` or `static`: which
#                 libraries to install. A prefix with only the static one
#                 makes `pkg-config --static --libs aotcompat` link it.
#   CARGO         cargo to run
#   BUILDDIR      a directory that already holds libaotcompat.so and
#                 libaotcompat.a; cargo is then not run (the tests use this
#                 to install what `cargo test` built). AOTCOMPAT_BIN names the
#                 command to install with it (default $(BUILDDIR)/aotcompat).
#
# What is installed, with ABI 2 and library version 2.0.0:
#   $(LIBDIR)/libaotcompat.so.2.0.0           the shared library (soname libaotcompat.so.2)
#   $(LIBDIR)/libaotcompat.so.2 -> libaotcompat.so.2.0.0   for the loader
#   $(LIBDIR)/libaotcompat.so   -> libaotcompat.so.2.0.0   for the linker
#   $(LIBDIR)/libaotcompat.a                  the static library
#   $(INCLUDEDIR)/aotcompat.h, aotcompat.hpp  the C header and the C++ wrapper
#   $(PKGCONFIGDIR)/aotcompat.pc              Libs.private from rustc
#   $(BINDIR)/aotcompat                       the command
# cargo-c (`cargo cinstall`, see [package.metadata.capi] in Cargo.toml)
# installs the same files under the same names.

.DELETE_ON_ERROR:
.PHONY: all build links pc install install-lib install-headers install-pc install-bin uninstall clean

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=
LIBRARY_TYPES ?= shared static
CARGO ?= cargo
INSTALL ?= install

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
HEADER := $(ROOT)/include/aotcompat.h
HPP := $(ROOT)/include/aotcompat.hpp
CARGO_TARGET_DIR ?= target
TARGET_DIR := $(if $(filter /%,$(CARGO_TARGET_DIR)),$(CARGO_TARGET_DIR),$(ROOT)/$(CARGO_TARGET_DIR))

ifeq ($(strip $(BUILDDIR)),)
BUILDDIR := $(TARGET_DIR)/release
RUN_CARGO := yes
endif
override BUILDDIR := $(abspath $(BUILDDIR))
AOTCOMPAT_BIN ?= $(BUILDDIR)/aotcompat

# The ABI (soname) from the header, the version from the header, and the
# library version cargo-c uses from Cargo.toml.
ABI := $(shell sed -n 's/^\#define AOTCOMPAT_ABI_VERSION \([0-9][0-9]*\)$$/\1/p' $(HEADER))
VERSION := $(shell sed -n 's/^\#define AOTCOMPAT_VERSION "\(.*\)"$$/\1/p' $(HEADER))
LIB_VERSION := $(shell sed -n '/^\[package.metadata.capi.library\]/,/^\[/s/^version = "\(.*\)"$$/\1/p' $(ROOT)/Cargo.toml)
SONAME := libaotcompat.so.$(ABI)
REALNAME := libaotcompat.so.$(LIB_VERSION)
PC := $(BUILDDIR)/aotcompat.pc

ifneq ($(firstword $(subst ., ,$(LIB_VERSION))),$(ABI))
$(error Cargo.toml's [package.metadata.capi.library] version $(LIB_VERSION) must start with the ABI version $(ABI))
endif

all: build links pc

build:
ifdef RUN_CARGO
	cd $(ROOT) && CARGO_TARGET_DIR=$(TARGET_DIR) $(CARGO) build --release --lib --bin aotcompat
endif
	@test -f $(BUILDDIR)/libaotcompat.so || { echo "no libaotcompat.so in $(BUILDDIR)" >&2; exit 1; }

# The soname link in the build tree (build.rs makes it too), so that
# `cc ... -L target/release -Wl,-rpath,... -laotcompat` runs.
links: build
	ln -sfn libaotcompat.so $(BUILDDIR)/$(SONAME) || test -L $(BUILDDIR)/$(SONAME)

# The system libraries a static link needs, as rustc prints them for a
# static library of this toolchain and target (the library's own
# dependencies link none of their own).
NATIVE_STATIC_LIBS = $(shell t=$$(mktemp -d) && echo '' | rustc --crate-type staticlib \
	--print native-static-libs -o $$t/empty.a - 2>&1 | sed -n 's/.*native-static-libs: //p'; \
	rm -rf "$$t")

# aotcompat.pc for this run's paths, written to $(1).
define write_pc
	@mkdir -p $(dir $(1))
	@printf '%s\n' \
		'prefix=$(PREFIX)' \
		'libdir=$(LIBDIR)' \
		'includedir=$(INCLUDEDIR)' \
		'' \
		'Name: aotcompat' \
		'Description: Read and check ahead-of-time compiled wasmtime artifacts (.cwasm)' \
		'Version: $(VERSION)' \
		'Libs: -L$${libdir} -laotcompat' \
		'Libs.private: $(NATIVE_STATIC_LIBS)' \
		'Cflags: -I$${includedir}' > $(1)
	@echo "wrote $(1)"
endef

# Rebuilt on every run: the paths depend on the variables of this run.
pc: build
	$(call write_pc,$(PC))

install: install-lib install-headers install-pc install-bin

install-lib: build
	$(INSTALL) -d $(DESTDIR)$(LIBDIR)
ifneq ($(filter shared,$(LIBRARY_TYPES)),)
	$(INSTALL) -m 755 $(BUILDDIR)/libaotcompat.so $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sfn $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sfn $(REALNAME) $(DESTDIR)$(LIBDIR)/libaotcompat.so
endif
ifneq ($(filter static,$(LIBRARY_TYPES)),)
	$(INSTALL) -m 644 $(BUILDDIR)/libaotcompat.a $(DESTDIR)$(LIBDIR)/libaotcompat.a
endif

install-headers:
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)
	$(INSTALL) -m 644 $(HEADER) $(DESTDIR)$(INCLUDEDIR)/aotcompat.h
	if [ -f $(HPP) ]; then $(INSTALL) -m 644 $(HPP) $(DESTDIR)$(INCLUDEDIR)/aotcompat.hpp; fi

install-pc: build
	$(call write_pc,$(DESTDIR)$(PKGCONFIGDIR)/aotcompat.pc)

install-bin: build
	$(INSTALL) -d $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 755 $(AOTCOMPAT_BIN) $(DESTDIR)$(BINDIR)/aotcompat

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libaotcompat.so $(DESTDIR)$(LIBDIR)/libaotcompat.a \
		$(DESTDIR)$(INCLUDEDIR)/aotcompat.h $(DESTDIR)$(INCLUDEDIR)/aotcompat.hpp \
		$(DESTDIR)$(PKGCONFIGDIR)/aotcompat.pc $(DESTDIR)$(BINDIR)/aotcompat

clean:
	cd $(ROOT) && CARGO_TARGET_DIR=$(TARGET_DIR) $(CARGO) clean

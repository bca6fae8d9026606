# Self-installing: every target that needs the package creates .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Debian packages the tests and benchmarks use (installed only when missing).
SYSDEPS := bubblewrap libseccomp2 qemu-system-x86 linux-source-6.1 busybox-static gcc make libc6-dev flex bison bc libelf-dev cpio xz-utils e2fsprogs

.PHONY: install bytecode sysdeps demo test bench clean microvm

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# The CLI's start-up is a benchmark target: compile our modules ahead, since an
# editable install does not and PYTHONDONTWRITEBYTECODE may forbid doing it lazily.
bytecode:
	@$(BIN)/python -m compileall -q src

sysdeps:
	@missing=""; for p in $(SYSDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: $(STAMP)
	./examples/demo.sh

# The microVM guest image (kernel + initramfs), cached in the data home: a no-op once built.
microvm: $(STAMP) sysdeps
	$(BIN)/agent-immune microvm build

test: $(STAMP) sysdeps microvm
	$(BIN)/python -m pytest -q --durations=10

bench: $(STAMP) sysdeps bytecode
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .demo-home

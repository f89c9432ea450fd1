# The two commands a reader needs: `make book` and `make test`. Both set up a fresh machine
# (venv, npm packages, page assets, and for tests Debian's chromium) and are quick the second time.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book
# `book/` is a folder: without .PHONY, make would think `make book` is always up to date.
.PHONY: setup book test check serve bench browser live live-setup student clean

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE := _build/html
LIVE := .venv-live

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Python 3.11 or newer is needed as '$(PYTHON)' (apt-get install python3 python3-venv, or PYTHON=/path/to/python3.11 make ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

browser:
	@scripts/ensure-chromium

# The live environment: the same files Binder uses (binder/), in its own venv so that JupyterLab stays
# out of the build venv. pip runs from the root, where binder/requirements.txt's `-e .` is the package.
live-setup: $(LIVE)/.installed

$(LIVE)/.installed: binder/requirements.txt binder/postBuild binder/overrides.json pyproject.toml
	$(PYTHON) -m venv $(LIVE)
	$(LIVE)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(LIVE)/bin/python -m pip install --quiet --disable-pip-version-check -r binder/requirements.txt
	PATH="$(CURDIR)/$(LIVE)/bin:$$PATH" bash binder/postBuild
	touch $@

# JupyterLab on this machine only (127.0.0.1), opened at the introduction. The chapters open as the readable
# notebooks in notebooks/, copied once into my-notebooks/ so that what you save there stays yours and the
# repository's files stay as they are (delete a copy to get the current chapter again).
live: live-setup
	mkdir -p my-notebooks && cp -n notebooks/*.ipynb my-notebooks/
	$(LIVE)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) \
	  --LabApp.default_url=/lab/tree/my-notebooks/intro.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

book: setup
	@scripts/build-book
	@echo "The site is in $(SITE): open $(SITE)/index.html, or run 'make serve' and visit http://127.0.0.1:8000"

# One strict build, which the tests then check (its log and status too) and which `make book` reuses.
# A failed build does not stop here: tests/book/test_build.py reports it with its log.
test: setup browser live-setup
	scripts/build-book --keep-notebooks || true
	BOOK_BUILD_DIR=$(CURDIR) $(BIN)/python -m pytest

# The fast inner loop (about a minute): models, views and controls, the ledger and the package; no book,
# browser, JupyterLab or student edition.
check: setup
	$(BIN)/python -m pytest -m "not book and not browser and not live and not edition"

serve:
	@test -f $(SITE)/index.html || { echo "No site yet: run 'make book' first"; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(SITE) 8000

# One .ipynb per chapter without the exercises' solutions, and a zip of them, to hand out to a class.
student: setup
	$(BIN)/python -m explainers.notebooks student _build/student

bench: setup browser
	$(BIN)/python scripts/bench.py

clean:
	rm -rf _build book/_static/vendor  # vendor: where older checkouts copied MathJax

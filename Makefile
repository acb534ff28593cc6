# Two entry points for a fresh machine: `make chat` and `make check`.
# Everything installs into .venv/ at the repo root.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: chat check lint test install

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build (the 2.13.0 CPU wheel is local).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

chat: $(STAMP)
	$(BIN)/qa chat --corpus corpus

lint: $(STAMP)
	$(BIN)/ruff check qa tui tests bench
	$(BIN)/ruff format --check qa tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP)
	$(BIN)/pytest -q

check: lint test

# Set-up and everyday commands. `make chat` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed

.PHONY: chat test lint wheel-check install clean

chat: $(STAMP)  ## install, index the seed articles if needed, open the REPL
	$(BIN)/isnad chat

test: $(TEST_STAMP) $(NODE_STAMP)  ## install with the test tools, then lint and run every test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# A regular (not editable) install works: build the wheel, install it into a throwaway virtual environment,
# answer one question from an empty folder (a few minutes: the dependencies are installed again).
wheel-check: $(STAMP)
	PYTHON=$(BIN)/python .ci/wheel_check

install: $(STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The Telegram Bot API emulator used by the bot's end-to-end tests (pinned in package-lock.json).
$(NODE_STAMP): package.json
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
	else npm install --no-audit --no-fund --loglevel=error; fi
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache

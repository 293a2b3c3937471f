# The README's two commands: `make run` (set up, ingest the seeds, start the product) and
# `make test` (set up, run the tests). Both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
export HF_HUB_OFFLINE := 1

.PHONY: run test bench lint clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m index add seeds/
	$(BIN)/python -m bot ask "What did Rubio say about Balochistan?"

test: $(BIN)/.dev-installed
	$(BIN)/python -m pytest -q

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy newsbot index bot

clean:
	rm -rf $(VENV) data tests/artifacts

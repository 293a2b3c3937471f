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

# Re-adding the seeds is a quick no-op once they are in; the server starts loading the model at once.
run: $(BIN)/.installed
	$(BIN)/python -m index add seeds/
	$(BIN)/python -m streamlit run ui/app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: $(BIN)/.dev-installed
	$(BIN)/python -m pytest -q

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy newsbot index bot ui

clean:
	rm -rf $(VENV) data tests/artifacts

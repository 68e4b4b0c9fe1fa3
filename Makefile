# newskg: `make run` builds the graph from the seed articles and answers a question;
# `make test` runs the test suite. Both create the virtual environment when needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STORE ?= newskg-store
SEEDS ?= ../shared/corpus/seeds

.PHONY: run test test-fast venv clean

$(BIN)/newskg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/newskg

venv: $(BIN)/newskg

run: $(BIN)/newskg
	$(BIN)/newskg build --store $(STORE) $(SEEDS)
	$(BIN)/newskg query --store $(STORE) claims-about --param subject=Sheberghan --format records

test: $(BIN)/newskg
	$(BIN)/python -m pytest -q

test-fast: $(BIN)/newskg
	$(BIN)/python -m pytest -q -m 'not slow'

clean:
	rm -rf $(VENV) $(STORE) build *.egg-info

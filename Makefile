# Two entry points: `make demo` (set up, build the seed graph, answer a query) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format clean eval
PLOVER ?= ../shared/eval/plover-dev.json

demo: $(STAMP)
	$(BIN)/kg build seeds/ -o out
	@echo
	@echo "Who negotiates with whom (ontology/queries/negotiations.rq):"
	$(BIN)/kg query ontology/queries/negotiations.rq --in out/graph.trig
	@echo
	@echo "Open out/graph.html in a browser (works offline)."

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

# The evaluation figures of the README (the PLOVER records live in ../shared, not here).
eval: $(STAMP)
	$(BIN)/kg build seeds/ -o out --no-view > /dev/null
	$(BIN)/kg eval tests/data/seed-gold.tsv --in out/graph.trig
	$(BIN)/python -m kg.evaluate.plover $(PLOVER) > out/plover-dev.jsonl
	$(BIN)/kg build out/plover-dev.jsonl -o out/plover --no-view > /dev/null
	$(BIN)/kg eval $(PLOVER) --in out/plover/graph.trig

lint: $(STAMP)
	$(BIN)/ruff format --check kg tests ontology
	$(BIN)/ruff check kg tests ontology

format: $(STAMP)
	$(BIN)/ruff format kg tests ontology
	$(BIN)/ruff check --fix kg tests ontology

# The environment: the project and its test tools, pinned by requirements.lock.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf out $(VENV) .pytest_cache .ruff_cache .hypothesis tests/artifacts

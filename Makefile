# trm_standard task runner. CI calls these targets by name (.ci/run runs `make test`).
# Each target sets up what it needs on first use: a .venv with the dev extras, and the
# Node.js packages used to prove the schemas work with Ajv (a standard non-Python validator).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: help venv test lint typecheck pytest schema-check conformance ajv jose conformance-node demo schemas codegen docs-gen docs bench bench-quick clean

help:
	@echo "make demo     the whole story: examples, keys, consent, envelopes, FHIR, withdrawal, statistics"
	@echo "make test     lint, type-check, schema drift check, pytest, Ajv, jose and Node conformance checks"
	@echo "make schemas  regenerate schemas/ from the models (draft version only)"
	@echo "make codegen  regenerate countries, CLDR labels, enums, FHIR terminology, schemas and reference docs"
	@echo "make docs-gen regenerate docs/reference/ and docs/scenarios/ from the models and examples"
	@echo "make docs     build the documentation site into build/site (mkdocs --strict, offline)"
	@echo "make bench    throughput and memory on 1,000,000 referrals (a few minutes)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

venv: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

schema-check: $(STAMP)
	$(BIN)/trm schema check
	$(BIN)/python -m trm_standard._confgen_more --check

pytest: $(STAMP) $(NODE_STAMP)
	$(BIN)/pytest --cov=trm_standard --cov-branch --cov-report=term

ajv: $(NODE_STAMP) $(STAMP)
	$(BIN)/python tools/crosscheck_vectors.py build/crosscheck.jsonl
	node tools/ajv-check.mjs build/crosscheck.jsonl

# Envelope interop with npm `jose` (a standard non-Python JOSE library), both directions:
# jose opens the conformance vectors and rejects the cryptographic/JOSE-level invalid ones,
# then jose seals messages that trm_standard must open.
# The conformance suite: the vector files are sound and this library passes every case.
conformance: $(STAMP)
	$(BIN)/trm conformance lint
	$(BIN)/trm conformance run

jose: $(NODE_STAMP) $(STAMP)
	$(BIN)/python tools/jose_interop.py prepare build/jose-request.json
	node tools/jose-check.mjs src/trm_standard/vectors/1.0.0 build/jose-request.json build/jose-tokens.json
	$(BIN)/python tools/jose_interop.py verify build/jose-request.json build/jose-tokens.json

# The conformance suite run against an independent implementation in Node.js (npm ajv,
# ajv-formats and jose): tools/conformance-adapter.mjs, docs/conformance.md.
conformance-node: $(NODE_STAMP) $(STAMP)
	$(BIN)/trm conformance run --adapter "node tools/conformance-adapter.mjs" --area schema --area envelope --area trustlist

test: lint typecheck schema-check pytest docs conformance ajv jose conformance-node

demo: $(STAMP)
	$(BIN)/python tools/demo.py

schemas: $(STAMP)
	$(BIN)/trm schema export schemas

codegen: $(STAMP)
	$(BIN)/python -m trm_standard._codegen
	$(BIN)/python -m trm_standard._fhirgen
	$(BIN)/trm schema export schemas
	$(BIN)/python -m trm_standard._docgen

docs-gen: $(STAMP)
	$(BIN)/python -m trm_standard._docgen

# The site (mkdocs.yml): strict, so a broken link or anchor, or a page outside the nav, fails.
# Generated pages are committed and checked by tests/test_docs.py; this builds what is there.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .coverage dist build

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_bulk.py --records 1000000
	$(BIN)/python benchmarks/bench_envelope.py
	$(BIN)/python benchmarks/bench_consent.py
	$(BIN)/python benchmarks/bench_fhir.py
	$(BIN)/python benchmarks/bench_anon.py --records 1000000

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/bench_bulk.py --records 50000 --seconds 1
	$(BIN)/python benchmarks/bench_envelope.py --seconds 1
	$(BIN)/python benchmarks/bench_consent.py --seconds 1
	$(BIN)/python benchmarks/bench_fhir.py --seconds 0.2
	$(BIN)/python benchmarks/bench_anon.py --records 50000

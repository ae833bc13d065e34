# One command to run the app, one to test it. Everything else is a helper for those two.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export COACH_HOME ?= $(CURDIR)/.coach
PORT ?= 8501

.PHONY: run test browser setup demo lint typecheck unit bench eval eval-tools train train-finetune e2e clean test-postgres load

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel setuptools

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/coach demo

run: setup demo
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

browser:
	@bash .ci/browser.sh

test: setup browser
	$(BIN)/ruff check coach app.py app_pages ui tests eval
	$(BIN)/mypy
	$(BIN)/python -m pytest

unit: setup
	$(BIN)/python -m pytest -m "not slow and not e2e"

lint: setup
	$(BIN)/ruff check coach app.py app_pages ui tests eval

typecheck: setup
	$(BIN)/mypy

eval: setup
	$(BIN)/python eval/retrieval_eval.py --out eval/results/retrieval.json
	$(BIN)/python eval/feedback_eval.py --external --out eval/results/feedback_heldout.json
	$(BIN)/python eval/retrieval_docs_eval.py --out eval/results/retrieval_docs.json
	$(BIN)/python eval/journey_eval.py --out eval/results/journey.json
	$(BIN)/python eval/journey_eval.py --split tune --out eval/results/journey_tune.json
	$(BIN)/python eval/matching_eval.py --out eval/results/matching.json
	$(BIN)/python eval/anonymization_eval.py
	$(BIN)/python eval/themes_eval.py
	$(BIN)/python eval/report.py

# Linters we compare against in eval/feedback_eval.py (optional)
eval-tools: setup
	$(BIN)/pip install --quiet proselint
	npm install --global write-good
	$(BIN)/pip install --quiet -c requirements.lock -e ".[eval]"

train: setup
	$(BIN)/python eval/train_feedback.py
	$(BIN)/python eval/train_guidance_ranker.py
	$(BIN)/python eval/train_guidance_encoder.py --ship
	$(BIN)/python eval/train_passage_ranker.py

# The LoRA fine-tune: LOWO CV (4 folds, 3-4 minutes each at load average 2-7 on 2 cores; 19 minutes at
# load 20), the adapter on the whole pool (--ship, about 6 minutes), then heads that may use it
# (--ship-adapter: not the shipped default, see the adapter's model card and eval/README)
train-finetune: setup
	$(BIN)/python eval/finetune_feedback.py --out eval/results/feedback_finetune_cv.json
	$(BIN)/python eval/finetune_feedback.py --ship
	$(BIN)/python eval/train_feedback.py --ship-adapter

bench: setup
	$(BIN)/python eval/bench.py
	$(BIN)/python eval/bench_matching.py --out eval/results/matching_bench.json
	$(BIN)/python eval/bench_insights.py --out eval/results/insights.json
	$(BIN)/python eval/bench_themes.py --sizes 1000,10000,100000 --cold 1000,10000
	$(BIN)/python eval/feedback_bench.py --out eval/results/feedback_bench.json
	$(BIN)/python eval/report.py

# Every fast test that goes through the database (the `ctx` fixture, the access matrix, the CLI) against a
# throwaway local PostgreSQL (.ci/postgres.sh starts it, installing Debian's server when missing, as root).
# Not here: tests/app (AppTest opens its own SQLite home) and tests that build their own SQLite context.
PG_TESTS := tests/unit/test_store.py tests/unit/test_accounts.py tests/unit/test_accounts_directory.py \
  tests/unit/test_accounts_roles.py tests/unit/test_access.py tests/unit/test_access_matrix.py \
  tests/unit/test_data_rights.py tests/unit/test_autosave.py tests/unit/test_reflections.py \
  tests/unit/test_checkins.py tests/unit/test_journal.py tests/unit/test_agenda.py tests/unit/test_progress.py \
  tests/unit/test_insights.py tests/unit/test_insights_demo_drafts.py tests/unit/test_insights_differences.py \
  tests/unit/test_feedback_service.py tests/unit/test_guidance_service.py tests/unit/test_guidance_preference.py \
  tests/unit/test_guidance_expansion.py tests/unit/test_matching_service.py tests/unit/test_themes_service.py \
  tests/cli/test_bad_input_battery.py tests/cli/test_cli_users.py tests/cli/test_cli_guidance.py \
  tests/cli/test_cli_insights.py tests/cli/test_cli_match.py tests/cli/test_cli_themes.py \
  tests/unit/test_access_audit.py tests/integration/test_concurrency.py tests/integration/test_pdf_bomb.py
test-postgres: setup
	source .ci/postgres.sh && start_postgres && COACH_TEST_DB=postgres \
	  $(BIN)/python -m pytest -q -m "not slow and not e2e" $(PG_TESTS)

# N simulated users against a running app over loopback: DRIVER=browser (Chromium tabs, USERS <= 8 on
# this 2-core machine) or DRIVER=service (HTTP + in-process service calls, USERS <= 50); SECONDS <= 300.
DRIVER ?= browser
USERS ?= 4
SECONDS ?= 60
load: setup
	$(BIN)/python eval/load_test.py --driver $(DRIVER) --users $(USERS) --duration $(SECONDS) \
	  --out eval/results/load.json
	$(BIN)/python eval/report.py

clean:
	rm -rf $(VENV) .coach .pytest_cache .mypy_cache .ruff_cache

#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (SQLite and a throwaway
# PostgreSQL cluster started by the tests themselves). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
mkdir -p test-artifacts
# Two workers (pytest-xdist) by default, one per core; EDUPLAN_TEST_WORKERS=0 runs in one process.
exec .venv/bin/python -m pytest -n "${EDUPLAN_TEST_WORKERS:-2}" "$@"

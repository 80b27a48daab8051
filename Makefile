# stegvis. `make run` serves the demo; `make test` runs every test.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/stegvis
GO      ?= go

.PHONY: all build run preview test unit lint bench fuzz deps clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/stegvis

deps:
	@bash scripts/deps.sh

# The demo: build the sample programs, publish them to a fresh embedded
# store (var/demo.db) and serve them with demo units, staff and citizens.
DEMO_ADDR ?= 127.0.0.1:8080
run: build
	$(BIN) demo --addr $(DEMO_ADDR) content

# The designer's live preview of the sample programs, on its own port so
# that it runs beside `make run`.
PREVIEW_ADDR ?= 127.0.0.1:8081
preview: build
	$(BIN) preview --addr $(PREVIEW_ADDR) content

# Every test: unit, store (real Redis, and a three-node Redis Cluster that
# scripts/redis-cluster.sh starts on loopback and stops again, also when a
# test fails), PDF (poppler, qpdf) and browser tests.
test: deps build
	$(GO) vet ./...
	$(BIN) validate content
	@bash scripts/redis-cluster.sh run $(GO) test -race -count=1 ./...
	@bash e2e/run.sh

unit:
	@bash scripts/redis-cluster.sh run $(GO) test -count=1 ./...

lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l .; echo "gofmt: run gofmt -w ."; exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# The browser tests (e2e/): the main path in headless Chromium, with axe.
.PHONY: e2e
e2e: build
	@bash e2e/run.sh

# Benchmarks: the designer's, then the web pages under load, the memory
# per enrolment, and the scheduler's jobs per second and queue memory per
# enrolment (synthetic, and each sample program in content/ at the start
# and after a week) against the real Redis (REDIS_URL; failed without
# one, skipped with STEGVIS_SKIP_REDIS=1 outside CI). The loadtest's
# MemoryPerEnrolment includes six months (MemoryPerEnrolmentSixMonths), the
# designer's include a warm Chromium (BenchmarkChromiumWarmPrintToPDF), and
# CompactLog times the scheduler's compaction of a log.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./designer/...
	$(GO) test -run '^$$' -bench '^BenchmarkMemoryPerEnrolment$$' -benchtime 3x ./runtime/redis/
	$(GO) test -run '^$$' -bench 'SchedulerJobs|QueueMemoryPerEnrolment' -benchtime 3x ./runtime/redis/
	$(GO) test -run '^$$' -bench Pages -benchtime 5s -timeout 30m ./runtime/loadtest/
	$(GO) test -run '^$$' -bench MemoryPerEnrolment -benchtime 20x ./runtime/loadtest/
	$(GO) test -run '^$$' -bench '^BenchmarkResultsPage$$' -benchmem -benchtime 500x ./runtime/web/
	$(GO) test -run '^$$' -bench '^BenchmarkResultsPageActivities$$' -benchmem -benchtime 500x ./runtime/web/
	$(GO) test -run '^$$' -bench CompactLog -benchtime 20x ./runtime/redis/
	$(GO) test -run '^$$' -bench ActivityYear -benchmem -benchtime 100x ./runtime/
	@# The citizen's overview beside its floor on both stores, and the
	@# embedded store's file against the data it holds.
	$(GO) test -run '^$$' -bench '^BenchmarkOverview$$' -benchtime 20000x -timeout 20m ./runtime/loadtest/
	$(GO) test -run '^$$' -bench '^BenchmarkOverviewWrk$$' -benchtime 1x -timeout 20m ./runtime/loadtest/
	$(GO) test -run '^$$' -bench '^BenchmarkEmbeddedFile$$' -benchtime 1x -timeout 20m ./runtime/loadtest/
	$(GO) test -run '^$$' -bench 'ListMine|ListAll' -benchtime 200x -timeout 60m ./runtime/web/
	$(GO) test -run '^$$' -bench '^BenchmarkSummaryMemoryPerEnrolment$$' -benchtime 3x ./runtime/redis/
	$(GO) test -run '^$$' -bench '^BenchmarkStatistics$$' -benchtime 5x -timeout 30m ./runtime/web/
	$(GO) test -run '^$$' -bench '^BenchmarkPreviewDay$$' -benchtime 10x ./cmd/stegvis/

# Every fuzz target of the repository, each for FUZZTIME: Markdown
# (FuzzRender, FuzzSanitize in designer/markdown), steps and YAML
# (FuzzParseStep in designer/source, FuzzFile in designer/decode), form
# answers urlencoded and multipart (FuzzDecode, FuzzDecodeMultipart in
# designer/formdata; FuzzFormPost in runtime/web), bundle zips (FuzzReadZip
# in designer/bundle), personal numbers (FuzzParsePnr, FuzzPnrForms in
# runtime) and the Redis codec (FuzzCodec in runtime/redis). New targets
# are found by name. A failing input is kept under the package's
# testdata/fuzz/ and then runs with the package's tests.
FUZZTIME ?= 10s
fuzz:
	@failed=; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for name in $$($(GO) test -list '^Fuzz' $$dir | grep '^Fuzz'); do \
			echo "== $$dir $$name ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) $$dir || failed="$$failed $$dir:$$name"; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed"; exit 1; fi

clean:
	rm -rf bin out var

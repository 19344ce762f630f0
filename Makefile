# crosscheck: build, test, lint, bench.
GO ?= go

.PHONY: build test lint bench demo clean

build:
	CGO_ENABLED=0 $(GO) build -o crosscheck ./cmd/crosscheck

# The whole suite, with the race detector, PostgreSQL and the browser tests.
test:
	./scripts/test.sh

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

# The main job on the bundled example corpus.
demo: build
	rm -f demo.db
	./crosscheck ingest --db demo.db examples/corpus
	./crosscheck brief --db demo.db $$(./crosscheck stories --db demo.db --json | sed -n 's/.*"id": "\(s[0-9]*\)".*/\1/p' | head -n 1)

clean:
	rm -f crosscheck demo.db

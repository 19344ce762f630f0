#!/usr/bin/env bash
# The whole test suite, exactly what CI runs (.ci/run) and what the README gives.
# It installs and starts what the tests need: a throwaway PostgreSQL cluster on
# loopback (initdb as the unprivileged postgres user) and Debian's Chromium
# for the browser tests. Then: gofmt, go vet, the race-enabled test suite, and
# every fuzz target for a short budget. The cluster is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-3s}
say() { printf '== %s\n' "$*"; }

apt_install() {
	if [ "$(id -u)" != 0 ]; then
		say "not root: cannot install $*; the tests that need it will skip"
		return 1
	fi
	if [ -z "${APT_UPDATED:-}" ]; then
		apt-get update -qq >/dev/null 2>&1 || true
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# --- PostgreSQL -----------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "${CROSSCHECK_TEST_POSTGRES:-}" ]; then
	if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
		say "installing PostgreSQL from Debian's packages"
		apt_install postgresql || true
	fi
	PGBIN=$(pg_bin)
	if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
		PGROOT=$(mktemp -d /tmp/crosscheck-pg.XXXXXX)
		chmod 755 "$PGROOT"
		PGPORT=$(( 20000 + RANDOM % 20000 ))
		RUNAS=()
		if [ "$(id -u)" = 0 ]; then
			id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
			chown postgres "$PGROOT"
			RUNAS=(runuser -u postgres --)
		fi
		"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
		"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
			-o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
		trap '"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGROOT"' EXIT
		export CROSSCHECK_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
		say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"
	else
		say "PostgreSQL unavailable: its tests will skip"
	fi
fi

# --- Chromium for the browser tests --------------------------------------
if [ -z "${CROSSCHECK_CHROMIUM:-}" ]; then
	if ! command -v chromium >/dev/null 2>&1; then
		say "installing Chromium from Debian's packages"
		apt_install chromium || true
	fi
	if command -v chromium >/dev/null 2>&1; then
		export CROSSCHECK_CHROMIUM=$(command -v chromium)
	fi
fi

# --- Static checks --------------------------------------------------------
say "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
say "go vet"
go vet ./...

# --- Tests ----------------------------------------------------------------
# Every package under the race detector. -short trims what the detector makes
# 5-10x slower: full-file evals run on a fixed subsample (their floors still
# hold), the crash tests kill 5 times, the worker tests use 150 articles.
say "go test -race -short"
go test -race -short -count=1 -timeout 25m ./...
# Then, without the race detector, the tests -short trims to their full size:
# 50 SIGKILL cycles on SQLite and 20 on PostgreSQL, and the browser test.
say "go test (full size: crash cycles, browser)"
go test -count=1 -timeout 20m -run 'TestCrash|TestBrowser' ./internal/e2e ./internal/web

# --- Fuzzing: every fuzz target, a short budget each ----------------------
say "fuzz targets (${FUZZTIME} each)"
for pkg in $(go list ./...); do
	dir=$(go list -f '{{.Dir}}' "$pkg")
	for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
		# -fuzzminimizetime=0: Go's minimiser can stall new inputs at the deadline
		# and report "context deadline exceeded" with no failing input; such a
		# run is tried once more. A real failure writes its input and fails.
		ok=0
		for try in 1 2; do
			if go test -run='^$' -fuzz="^${f}\$" -fuzztime="$FUZZTIME" -fuzzminimizetime=0 "$pkg" >/tmp/crosscheck-fuzz.log 2>&1; then
				ok=1; break
			fi
			if grep -q "Failing input written" /tmp/crosscheck-fuzz.log || ! grep -q "context deadline exceeded" /tmp/crosscheck-fuzz.log; then
				break
			fi
			echo "     fuzz $f stalled at its deadline; trying again"
		done
		[ "$ok" = 1 ] || { cat /tmp/crosscheck-fuzz.log; echo "fuzz $pkg $f failed"; exit 1; }
		echo "ok   fuzz $f ($pkg)"
	done
done
say "all tests passed"

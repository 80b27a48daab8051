package loadtest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/web"
)

// overviewEnrolments is how many enrolments the overview benchmark seeds
// in each store: the 50 clients' and as many again.
const overviewEnrolments = 2 * clients

// floorPage is the floor's 4 KB of HTML.
var floorPage = []byte("<!doctype html><html lang=sv><head><title>Golv</title></head><body><main>" +
	strings.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing.</p>\n", 68) + "</main></body></html>\n")

// floor is the least a page can cost on store: a bare chi router, one read
// from the store (a session's few bytes: one GET on Redis, one read
// transaction on bbolt) and 4 KB of HTML, with no logging, session or
// template. The overview is measured against it.
func floor(store runtime.Store) http.Handler {
	r := chi.NewRouter()
	r.Get("/floor/{n}", func(w http.ResponseWriter, r *http.Request) {
		if _, err := store.Session(r.Context(), "floor:"+chi.URLParam(r, "n")); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(floorPage)
	})
	return r
}

// serverLog is the log the server writes as `stegvis serve` does, to a
// file of the test's own: every request logged, as in production.
func serverLog(tb testing.TB) *slog.Logger {
	tb.Helper()
	f, err := os.Create(filepath.Join(tb.TempDir(), "serve.log"))
	if err != nil {
		tb.Fatal(err)
	}
	q := web.NewLogQueue(f, false, nil, 0)
	tb.Cleanup(func() {
		q.Close()
		f.Close()
	})
	return slog.New(q.Handler())
}

// storeSite seeds overviewEnrolments enrolments on Redis ("redis") or in a
// bbolt file of the test's own ("embedded") and serves the web handler
// over them, logging as serve does.
func storeSite(tb testing.TB, kind string) *site {
	tb.Helper()
	s := &site{}
	switch kind {
	case "redis":
		s.redis, s.rdb = openRedis(tb)
		s.store = s.redis
	case "embedded":
		store, err := embedded.Open(filepath.Join(tb.TempDir(), "stegvis.db"))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { store.Close() })
		s.store = store
	}
	return seedSite(tb, s, overviewEnrolments, serverLog(tb))
}

// floorClients stores a session for each of the 50 clients and returns
// their floor pages.
func floorClients(tb testing.TB, store runtime.Store) []client {
	tb.Helper()
	out := make([]client, clients)
	for i := range out {
		key := fmt.Sprint(i)
		if err := store.PutSession(context.Background(), "floor:"+key, []byte(`{"csrf":"`+key+`"}`), time.Hour); err != nil {
			tb.Fatal(err)
		}
		out[i] = client{path: "/floor/" + key}
	}
	return out
}

// rounds is how many rounds BenchmarkOverview splits its requests into.
const rounds = 10

// BenchmarkOverview loads the citizen's overview from 50 clients at once
// over HTTP, on Redis and on the embedded store, each beside its floor
// (see floor). The two are measured side by side: b.N requests to each, in
// ten rounds that take turns (floor first in one round, the overview
// first in the next), so that whatever else the machine does meanwhile
// falls on both alike. overview reports the overview's req/s, latencies
// and CPU, the floor's with a floor- prefix, and x-floor, the overview's
// req/s as a share of the floor's. The targets: x-floor ≥ 0.5 and p99-ms
// < 25 on both stores. overview-handler serves the same requests straight
// into the handler, without HTTP: its allocations and CPU per request are
// the figures that move least on a shared machine. Run with a fixed count,
// as make bench does:
//
//	go test -run '^$' -bench '^BenchmarkOverview$' -benchtime 20000x ./runtime/loadtest/
func BenchmarkOverview(b *testing.B) {
	for _, kind := range []string{"redis", "embedded"} {
		b.Run(kind, func(b *testing.B) {
			s, fs, fcs, cs := overviewBeside(b, kind)
			b.Run("overview", func(b *testing.B) {
				hc := newHTTPClient()
				defer hc.CloseIdleConnections()
				var fl, ov sample
				b.ResetTimer()
				takeTurns(rounds, func(r int) {
					n := b.N/rounds + min(1, max(0, b.N%rounds-r)) // b.N in all
					fl.add(burst(b, hc, fs.URL, fcs, n, s.redisCPU))
				}, func(r int) {
					n := b.N/rounds + min(1, max(0, b.N%rounds-r))
					ov.add(burst(b, hc, s.srv.URL, cs, n, s.redisCPU))
				})
				b.StopTimer()
				floorRate := fl.report(b, "floor-")
				b.ReportMetric(ov.report(b, "")/floorRate, "x-floor")
			})
			b.Run("overview-handler", func(b *testing.B) { s.serve(b, cs) })
		})
	}
}

// overviewBeside seeds a site on the store kind ("redis" or "embedded")
// and a floor beside it on the same store, signs the clients of both in
// and loads each page once, so that connections are open and the visit
// the first overview of the day records is behind us. It returns the
// site, the floor's server, and the floor's and the overview's clients.
func overviewBeside(b *testing.B, kind string) (s *site, fs *httptest.Server, fcs, cs []client) {
	s = storeSite(b, kind)
	fs = httptest.NewServer(floor(s.store))
	b.Cleanup(fs.Close)
	fcs = floorClients(b, s.store)
	cs = s.clientsFor(b, func(id string) string { return "/e/" + id + "/" })
	hc := newHTTPClient()
	defer hc.CloseIdleConnections()
	warm(b, hc, fs.URL, fcs)
	warm(b, hc, s.srv.URL, cs)
	return s, fs, fcs, cs
}

// takeTurns runs n rounds of floor and overview, the floor first in even
// rounds and the overview first in odd ones, so that whatever else the
// machine does meanwhile falls on both alike.
func takeTurns(n int, floor, overview func(round int)) {
	for r := range n {
		if r%2 == 0 {
			floor(r)
			overview(r)
		} else {
			overview(r)
			floor(r)
		}
	}
}

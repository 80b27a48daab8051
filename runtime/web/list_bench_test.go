package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
)

// listSizes are the numbers of enrolments in the store that the list
// benchmarks compare: the pages must cost the same for each.
var listSizes = []int{100, 10_000, 100_000}

// seedingStore is a store that writes logs in bulk (Seed in both stores).
type seedingStore interface {
	runtime.Store
	Seed(ctx context.Context, logs ...[]runtime.Event) error
}

// BenchmarkListMine loads the first page of a clinician's "Mina" with
// 100, 10,000 and 100,000 enrolments in the store, half of them the
// clinician's, on the embedded store and on Redis side by side.
func BenchmarkListMine(b *testing.B) { benchList(b, "mine") }

// BenchmarkListAll loads the first page of the unit's "Alla", as
// BenchmarkListMine does.
func BenchmarkListAll(b *testing.B) { benchList(b, "all") }

func benchList(b *testing.B, which string) {
	for _, n := range listSizes {
		for _, kind := range []string{"embedded", "redis"} {
			b.Run(fmt.Sprintf("%s/%d", kind, n), func(b *testing.B) {
				// b.Loop runs this function once, and times only the loop.
				srv, cookies := listSite(b, kind, n)
				path := south + "/" + which
				// The seeding's garbage is collected before the pages, not
				// during them.
				goruntime.GC()
				// The machine is shared: the CPU time the process spent
				// per page tells its cost apart from waiting for a core.
				cpu0 := cpuTime()
				for b.Loop() {
					if w := benchGet(srv, path, cookies); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Visar 1–") {
						b.Fatalf("GET %s = %d:\n%.2000s", path, w.Code, w.Body)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// listSite returns a server over a store of kind with the demo and n
// enrolments on the south unit, and anna's signed-in cookies. The
// enrolments are written with Seed, as whole logs in bulk, so their
// snapshots, indexes and summaries are what appends would have left and
// the pages read exactly what they read in production. A Redis store has
// a key prefix of its own, deleted when the benchmark ends.
func listSite(b *testing.B, kind string, n int) (*Server, []*http.Cookie) {
	b.Helper()
	ctx := context.Background()
	var store seedingStore
	switch kind {
	case "embedded":
		s, err := embedded.Open(filepath.Join(b.TempDir(), "stegvis.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		store = s
	default:
		s, _ := redistest.Open(b, redistest.URL(b))
		store = s
	}
	now := time.Now()
	if err := demo.Seed(ctx, store, now); err != nil {
		b.Fatal(err)
	}
	id, err := NewDevIdentity(store, true, "sv", demo.Choices())
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Store: store, Identity: id, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	pubs, err := store.Publications(ctx)
	if err != nil || len(pubs) == 0 {
		b.Fatalf("publications: %v, %v", pubs, err)
	}
	p, err := srv.bundles.program(ctx, pubs[0].Bundle)
	if err != nil {
		b.Fatal(err)
	}
	var current, upcoming []string
	for i, m := range p.Modules {
		if i == 0 {
			current = append(current, m.ID)
		} else {
			upcoming = append(upcoming, m.ID)
		}
	}
	// Half of them anna's, so that her first page is full (50 rows) from
	// 100 enrolments on, as the unit's is: the sizes compare like with like.
	clinicians := []string{"anna", "bertil", "anna", "lista-1"}
	start := now.Add(-time.Duration(n) * time.Minute)
	logs := make([][]runtime.Event, 0, n)
	for i := range n {
		clin := clinicians[i%len(clinicians)]
		at := start.Add(time.Duration(i) * time.Minute)
		changes := []runtime.Change{&runtime.EnrolmentStarted{
			ID: fmt.Sprintf("bench-%06d", i), Program: p.ID, Bundle: pubs[0].Bundle, Unit: demo.UnitSouth,
			Citizen: testPnr(i % 20000), CitizenName: fmt.Sprintf("Person %06d", (i*7919)%1_000_003),
			Clinician: clin, Current: current, Upcoming: upcoming,
		}}
		if i%3 == 0 {
			changes = append(changes, &runtime.Visited{})
		}
		if i%17 == 0 {
			changes = append(changes, &runtime.FlagRaised{Flag: "risk", Urgent: i%34 == 0})
		}
		evs := make([]runtime.Event, len(changes))
		for j, c := range changes {
			actor := runtime.Actor{ID: clin, Role: runtime.RoleClinician}
			if _, ok := c.(*runtime.Visited); ok {
				actor = runtime.Actor{ID: "citizen", Role: runtime.RoleCitizen}
			}
			ev, err := runtime.NewEvent(at.Add(time.Duration(j)*time.Second), actor, c)
			if err != nil {
				b.Fatal(err)
			}
			ev.Seq = int64(j + 1)
			evs[j] = ev
		}
		logs = append(logs, evs)
	}
	began := time.Now()
	if err := store.Seed(ctx, logs...); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: seeded %d enrolments in %v", kind, n, time.Since(began).Round(time.Millisecond))
	return srv, benchSignIn(b, srv, "anna")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchGet serves GET path on srv as the user of cookies, as a
// benchmark's loop does, and returns the answer.
func benchGet(srv http.Handler, path string, cookies []*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// benchSignIn signs staff in through the development sign-in and returns
// the session's cookies.
func benchSignIn(b *testing.B, srv http.Handler, user string) []*http.Cookie {
	b.Helper()
	jar := map[string]*http.Cookie{}
	do := func(method, path string, form url.Values) *httptest.ResponseRecorder {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for _, c := range jar {
			req.AddCookie(c)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		for _, c := range w.Result().Cookies() {
			jar[c.Name] = c
		}
		return w
	}
	w := do("GET", "/signin", nil)
	m := csrfRE.FindStringSubmatch(w.Body.String())
	if m == nil {
		b.Fatalf("GET /signin = %d, no CSRF token", w.Code)
	}
	if w := do("POST", "/signin/callback", url.Values{"user": {user}, "csrf": {m[1]}}); w.Code != http.StatusSeeOther {
		b.Fatalf("sign in as %s = %d:\n%s", user, w.Code, w.Body)
	}
	out := make([]*http.Cookie, 0, len(jar))
	for _, c := range jar {
		out = append(out, c)
	}
	return out
}

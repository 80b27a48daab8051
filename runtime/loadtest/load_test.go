package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
	"github.com/stegvis/stegvis/runtime/web"
)

// clients is how many citizens use the site at once.
const clients = 50

// openRedis returns a store on the tests' Redis (see redistest.URL) under
// a prefix of its own, and a client on the same Redis; the prefix's keys
// are deleted when the test ends.
func openRedis(tb testing.TB) (*redis.Store, goredis.UniversalClient) {
	tb.Helper()
	return redistest.Open(tb, redistest.URL(tb))
}

// enrolments is how many enrolments are seeded: LOADTEST_ENROLMENTS, or 500.
func enrolments(tb testing.TB) int {
	n := 500
	if s := os.Getenv("LOADTEST_ENROLMENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < clients {
			tb.Fatalf("LOADTEST_ENROLMENTS=%q: want a number of at least %d", s, clients)
		}
	}
	return n
}

// site is the runtime's web handler on a store with seeded enrolments,
// listening on 127.0.0.1.
type site struct {
	store runtime.Store
	// redis and rdb are the Redis store and a client on its Redis, nil
	// on the embedded store.
	redis   *redis.Store
	rdb     goredis.UniversalClient
	program *designer.Program
	srv     *httptest.Server
	// ids and citizens are the seeded enrolments and their citizens.
	ids, citizens []string
	month         month // what the first enrolment's month held
}

// newSite seeds n enrolments on Redis, with a month of use each, and
// serves the web handler over them, logging nowhere.
func newSite(tb testing.TB, n int) *site {
	tb.Helper()
	store, rdb := openRedis(tb)
	return seedSite(tb, &site{store: store, redis: store, rdb: rdb}, n, slog.New(slog.DiscardHandler))
}

// seedSite seeds n enrolments in s.store, with a month of use each, from
// 8 writers at once, and serves the web handler over them, logging to
// log.
func seedSite(tb testing.TB, s *site, n int, log *slog.Logger) *site {
	tb.Helper()
	ctx := context.Background()
	store := s.store
	p, bundleName := publishProgram(ctx, tb, store)
	s.program, s.ids, s.citizens = p, make([]string, n), make([]string, n)
	now := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				s.citizens[i] = pnr(i)
				var m month
				s.ids[i], m = simulateMonth(ctx, tb, store, p, bundleName, s.citizens[i], now)
				if i == 0 {
					s.month = m
				}
			}
		})
	}
	wg.Wait()

	id, err := web.NewDevIdentity(store, true, "sv", nil)
	if err != nil {
		tb.Fatal(err)
	}
	web.TuneGC() // as serve does
	h, err := web.New(web.Config{Store: store, Identity: id, Logger: log})
	if err != nil {
		tb.Fatal(err)
	}
	s.srv = httptest.NewUnstartedServer(h)
	s.srv.Listener = web.JoinWrites(s.srv.Listener) // as serve does
	s.srv.Start()
	tb.Cleanup(s.srv.Close)
	return s
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs a citizen in through the development sign-in and returns
// the session's cookie header.
func (s *site) signIn(tb testing.TB, citizen string) string {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(s.srv.URL + "/signin")
	if err != nil {
		tb.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfRE.FindSubmatch(body)
	if m == nil {
		tb.Fatalf("GET /signin = %d without a CSRF token", res.StatusCode)
	}
	res, err = c.PostForm(s.srv.URL+"/signin/callback", url.Values{"csrf": {string(m[1])}, "user": {citizen}})
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("sign in as %s = %d", citizen, res.StatusCode)
	}
	u, _ := url.Parse(s.srv.URL)
	var parts []string
	for _, ck := range jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	return strings.Join(parts, "; ")
}

// client is one signed-in citizen: their session and the page they load.
type client struct {
	cookie, path string
}

// clientsFor signs the first 50 citizens in; page gives each one's path.
func (s *site) clientsFor(tb testing.TB, page func(id string) string) []client {
	tb.Helper()
	out := make([]client, clients)
	for i := range out {
		out[i] = client{cookie: s.signIn(tb, s.citizens[i]), path: page(s.ids[i])}
	}
	return out
}

// onPage returns the signed-in clients cs, each loading its page of page.
func (s *site) onPage(cs []client, page func(id string) string) []client {
	out := make([]client, len(cs))
	for i, c := range cs {
		out[i] = client{cookie: c.cookie, path: page(s.ids[i])}
	}
	return out
}

// get loads a page as a browser would, reading the whole body.
func get(hc *http.Client, base string, c client) (int, []byte, error) {
	var body bytes.Buffer
	code, err := getInto(hc, base, c, &body)
	return code, body.Bytes(), err
}

// getInto is get reading the body into body, which it empties first: a
// client that loads page after page keeps one buffer, as a browser's
// memory is not the server's, so the server's garbage collector does not
// pay for the clients' copies of the pages.
func getInto(hc *http.Client, base string, c client, body *bytes.Buffer) (int, error) {
	req, err := http.NewRequest(http.MethodGet, base+c.path, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Cookie", c.cookie)
	req.Header.Set("Accept", "text/html")
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	body.Reset()
	_, err = body.ReadFrom(res.Body)
	return res.StatusCode, err
}

// load makes b.N requests from 50 clients at once, each its own
// citizen, and reports requests per second and the 50th and 99th
// percentile of the latency.
func (s *site) load(b *testing.B, cs []client) float64 {
	return loadOn(b, s.srv.URL, cs, s.redisCPU)
}

// loadOn makes b.N requests to base from the clients cs at once and
// reports them as load does; redisNow, if not nil, tells Redis' CPU time. It
// returns the requests per second.
func loadOn(b *testing.B, base string, cs []client, redisNow func() time.Duration) float64 {
	hc := newHTTPClient()
	defer hc.CloseIdleConnections()
	warm(b, hc, base, cs)
	b.ResetTimer()
	got := burst(b, hc, base, cs, b.N, redisNow)
	b.StopTimer()
	return got.report(b, "")
}

// newHTTPClient is a client for 50 clients at once, keeping their
// connections open, that does not follow redirects.
func newHTTPClient() *http.Client {
	return &http.Client{
		Transport:     &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// warm makes one request for each client first, so connections are open
// and the visit that the first overview of the day records is behind us.
func warm(b *testing.B, hc *http.Client, base string, cs []client) {
	for _, c := range cs {
		if code, body, err := get(hc, base, c); err != nil || code != http.StatusOK {
			b.Fatalf("GET %s = %d, %v\n%s", c.path, code, err, body)
		}
	}
}

// sample is what a burst of requests took: each client's latencies, the
// time from first to last, this process' CPU time and Redis'.
type sample struct {
	lat            [][]time.Duration
	elapsed        time.Duration
	cpu, redisTime time.Duration
}

// add adds o's requests and times to s.
func (s *sample) add(o sample) {
	s.lat = append(s.lat, o.lat...)
	s.elapsed += o.elapsed
	s.cpu += o.cpu
	s.redisTime += o.redisTime
}

// burst makes n requests to base from the clients cs at once;
// redisNow, if not nil, tells Redis' CPU time.
func burst(b *testing.B, hc *http.Client, base string, cs []client, n int, redisNow func() time.Duration) sample {
	lat := make([][]time.Duration, len(cs))
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	start, cpu0, rcpu0 := time.Now(), cpuTime(), redisCPU(redisNow)
	for i, c := range cs {
		wg.Go(func() {
			var body bytes.Buffer
			for next.Add(1) <= int64(n) {
				t0 := time.Now()
				code, err := getInto(hc, base, c, &body)
				lat[i] = append(lat[i], time.Since(t0))
				if err != nil || code != http.StatusOK {
					failed.CompareAndSwap(nil, fmt.Sprintf("GET %s = %d, %v", c.path, code, err))
				}
			}
		})
	}
	wg.Wait()
	got := sample{lat: lat, elapsed: time.Since(start), cpu: cpuTime() - cpu0, redisTime: redisCPU(redisNow) - rcpu0}
	if f := failed.Load(); f != nil {
		b.Fatal(f)
	}
	return got
}

// serve makes b.N requests straight to the handler, without a network or
// an HTTP client, from 50 goroutines at once, each its own citizen. Set
// beside load, it tells the handler's own cost from the cost of HTTP and of
// the clients, which share the machine's cores with the server.
func (s *site) serve(b *testing.B, cs []client) {
	h := s.srv.Config.Handler
	do := func(c client) int {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		req.Header.Set("Cookie", c.cookie)
		req.Header.Set("Accept", "text/html")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code
	}
	for _, c := range cs {
		if code := do(c); code != http.StatusOK {
			b.Fatalf("GET %s = %d", c.path, code)
		}
	}
	lat := make([][]time.Duration, len(cs))
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0, rcpu0 := time.Now(), cpuTime(), s.redisCPU()
	for i, c := range cs {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				t0 := time.Now()
				code := do(c)
				lat[i] = append(lat[i], time.Since(t0))
				if code != http.StatusOK {
					failed.CompareAndSwap(nil, fmt.Sprintf("GET %s = %d", c.path, code))
				}
			}
		})
	}
	wg.Wait()
	elapsed, cpu, rcpu := time.Since(start), cpuTime()-cpu0, s.redisCPU()-rcpu0
	b.StopTimer()
	if f := failed.Load(); f != nil {
		b.Fatal(f)
	}
	sample{lat: lat, elapsed: elapsed, cpu: cpu, redisTime: rcpu}.report(b, "")
}

// report reports requests per second, the 50th and 99th percentile of the
// latencies, the CPU time this process spent per request (server and
// clients) and the CPU time Redis spent per request (when it is a single
// server), each metric's name after prefix. The machine's other load moves
// the first three; the CPU times much less, so they are the figures to
// compare changes by: n cores serve at most n seconds / (cpu-us/req +
// redis-cpu-us/req). It returns the requests per second.
func (s sample) report(b *testing.B, prefix string) float64 {
	all := slices.Concat(s.lat...)
	slices.Sort(all)
	rate := float64(len(all)) / s.elapsed.Seconds()
	b.ReportMetric(rate, prefix+"req/s")
	b.ReportMetric(ms(percentile(all, 50)), prefix+"p50-ms")
	b.ReportMetric(ms(percentile(all, 99)), prefix+"p99-ms")
	b.ReportMetric(float64(s.cpu.Microseconds())/float64(len(all)), prefix+"cpu-us/req")
	if s.redisTime > 0 {
		b.ReportMetric(float64(s.redisTime.Microseconds())/float64(len(all)), prefix+"redis-cpu-us/req")
	}
	return rate
}

// redisCPU is f(), or 0 when f is nil.
func redisCPU(f func() time.Duration) time.Duration {
	if f == nil {
		return 0
	}
	return f()
}

// redisCPU is the CPU time the Redis server has used, from INFO cpu, or 0
// when it cannot be told (a cluster, or INFO refused).
func (s *site) redisCPU() time.Duration {
	if s.rdb == nil {
		return 0
	}
	c, ok := s.rdb.(*goredis.Client)
	if !ok {
		return 0
	}
	info, err := c.Info(context.Background(), "cpu").Result()
	if err != nil {
		return 0
	}
	var total float64
	for line := range strings.Lines(info) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		if k == "used_cpu_sys" || k == "used_cpu_user" {
			f, _ := strconv.ParseFloat(v, 64)
			total += f
		}
	}
	return time.Duration(total * float64(time.Second))
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// percentile returns the p-th percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := (len(sorted)*p + 99) / 100
	return sorted[max(k, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkPages loads the citizen's overview and a text step of a
// current module from 50 clients at once against Redis: over HTTP (the
// figures to judge), and straight into the handler (-handler), which
// leaves out the HTTP clients' and the network's share of the cores.
func BenchmarkPages(b *testing.B) {
	s := newSite(b, enrolments(b))
	current := s.program.Modules[2]
	st := textStep(b, current)
	pages := []struct {
		name string
		path func(id string) string
	}{
		{"overview", func(id string) string { return "/e/" + id + "/" }},
		{"step", func(id string) string { return "/e/" + id + "/m/" + current.ID + "/" + st.ID }},
	}
	// One sign-in per citizen for both pages: the sign-in's rate limit
	// per client (all of them are 127.0.0.1 here) refuses a second round.
	signedIn := s.clientsFor(b, pages[0].path)
	for _, pg := range pages {
		cs := s.onPage(signedIn, pg.path)
		b.Run(pg.name, func(b *testing.B) { s.load(b, cs) })
		b.Run(pg.name+"-handler", func(b *testing.B) { s.serve(b, cs) })
	}
}

// redisStore is the site's Redis store: s.redis, or s.store when a site
// was made with only that.
func (s *site) redisStore() *redis.Store {
	if s.redis != nil {
		return s.redis
	}
	rs, _ := s.store.(*redis.Store)
	return rs
}

// memoryOf sums MEMORY USAGE over the keys of an enrolment.
func memoryOf(ctx context.Context, tb testing.TB, s *site, id string) int64 {
	tb.Helper()
	var total int64
	for _, k := range s.redisStore().Keys(id) {
		n, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
		if errors.Is(err, goredis.Nil) {
			continue // the idempotency keys exist only after a keyed command
		}
		if err != nil {
			tb.Fatalf("MEMORY USAGE %s: %v", k, err)
		}
		total += n
	}
	return total
}

// BenchmarkMemoryPerEnrolment seeds one enrolment with a month of use per
// iteration and reports what its keys take in Redis.
func BenchmarkMemoryPerEnrolment(b *testing.B) {
	ctx := context.Background()
	store, rdb := openRedis(b)
	p, bundleName := publishProgram(ctx, b, store)
	s := &site{store: store, redis: store, rdb: rdb, program: p}
	now := time.Now()
	var total int64
	i := 0
	for b.Loop() {
		id, _ := simulateMonth(ctx, b, store, p, bundleName, pnr(i), now)
		total += memoryOf(ctx, b, s, id)
		i++
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/enrolment")
}

// BenchmarkMemoryPerEnrolmentSixMonths seeds one enrolment with six
// months of use per iteration (simulateMonths), runs the scheduler's
// compaction of its log as production does (sealing, and folding the
// visits and openings older than runtime.ActivityRetention), and reports
// what its keys take in Redis (the target is at most 16 KB), the
// events appended and the events the log still holds one by one.
func BenchmarkMemoryPerEnrolmentSixMonths(b *testing.B) {
	ctx := context.Background()
	store, rdb := openRedis(b)
	p, bundleName := publishProgram(ctx, b, store)
	s := &site{store: store, rdb: rdb, program: p}
	now := time.Now()
	var total, events, stored int64
	i := 0
	for b.Loop() {
		id, _ := simulateMonths(ctx, b, store, p, bundleName, pnr(1000+i), now, 6)
		total += memoryOf(ctx, b, s, id)
		e, err := store.Load(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		events += e.Seq
		log, err := store.Events(ctx, id, 0)
		if err != nil {
			b.Fatal(err)
		}
		stored += int64(len(log))
		i++
	}
	b.ReportMetric(float64(total)/float64(b.N), "bytes/enrolment")
	b.ReportMetric(float64(events)/float64(b.N), "events/enrolment")
	b.ReportMetric(float64(stored)/float64(b.N), "stored-events/enrolment")
}

// TestMonth checks the seed the benchmarks run on: a month holds the
// activity it is meant to, and the pages they load answer.
func TestMonth(t *testing.T) {
	ctx := context.Background()
	s := newSite(t, 1)
	m := s.month
	checks := []struct {
		what     string
		got      int
		min, max int
	}{
		{"visits", m.Visits, 30, 30},
		{"steps opened", m.Opened, 35, 45},
		{"drafts", m.Drafts, 3, 6},
		{"forms sent", m.Submitted, 6, 6},
		{"battery forms sent", m.Batteries, 4, 4},
		{"modules started", m.Started, 2, 3},
		{"modules completed", m.Completed, 1, 2},
	}
	for _, c := range checks {
		t.Run(c.what, func(t *testing.T) {
			if c.got < c.min || c.got > c.max {
				t.Errorf("%s = %d, want %d to %d", c.what, c.got, c.min, c.max)
			}
		})
	}
	e, err := s.store.Load(ctx, s.ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Submissions) != 6+m.Batteries || len(e.Unread()) != 0 {
		t.Errorf("%d submissions, %d unread; want 6 and %d of batteries, all read", len(e.Submissions), len(e.Unread()), m.Batteries)
	}
	t.Logf("one month: %+v, %d events, %d bytes in Redis", m, e.Seq, memoryOf(ctx, t, s, s.ids[0]))

	current := s.program.Modules[2]
	st := textStep(t, current)
	c := client{cookie: s.signIn(t, s.citizens[0])}
	pages := []struct{ name, path, want string }{
		{"overview", "/e/" + s.ids[0] + "/", current.Title},
		{"step", "/e/" + s.ids[0] + "/m/" + current.ID + "/" + st.ID, st.Title},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			c.path = pg.path
			code, body, err := get(http.DefaultClient, s.srv.URL, c)
			if err != nil || code != http.StatusOK {
				t.Fatalf("GET %s = %d, %v\n%s", pg.path, code, err, body)
			}
			if !strings.Contains(string(body), pg.want) {
				t.Errorf("GET %s lacks %q", pg.path, pg.want)
			}
		})
	}
}

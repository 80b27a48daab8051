// Two `stegvis serve` replicas behind one address, over the three-node
// Redis Cluster that scripts/redis-cluster.sh starts.

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// replicas are n stores over one Redis Cluster, each with a client and a
// snapshot cache of its own as a replica process has, under one key
// prefix that is deleted when the test ends.
func replicas(t *testing.T, n int) []*redis.Store {
	t.Helper()
	rawURL := redistest.RequireCluster(t)
	prefix := "stegvis-test:" + runtime.NewID() + ":"
	var stores []*redis.Store
	for range n {
		s, err := redis.Open(rawURL, redis.Options{Prefix: prefix, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	t.Cleanup(func() {
		rdb, err := redis.NewClient(rawURL)
		if err != nil {
			t.Error(err)
			return
		}
		defer rdb.Close()
		if err := redistest.DeleteKeys(context.Background(), rdb, prefix); err != nil {
			t.Errorf("clean up %s*: %v", prefix, err)
		}
		for _, s := range stores {
			s.Close()
		}
	})
	return stores
}

// roundRobin is the small reverse proxy in front of the replicas: each
// request goes to the next one, and the answer says which (X-Replica).
type roundRobin struct {
	next     atomic.Int64
	backends []*url.URL
	mu       sync.Mutex
	served   map[string]int
}

func (rr *roundRobin) proxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			i := int(rr.next.Add(1)-1) % len(rr.backends)
			pr.SetURL(rr.backends[i])
			pr.Out.Host = pr.In.Host
			pr.Out.Header.Set("X-Test-Replica", rr.backends[i].Host)
		},
		ModifyResponse: func(r *http.Response) error {
			rr.mu.Lock()
			rr.served[r.Request.Header.Get("X-Test-Replica")]++
			rr.mu.Unlock()
			return nil
		},
	}
}

// replicaClient is a browser through the proxy with cookies, that keeps the last
// CSRF token it saw and does not follow redirects.
type replicaClient struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func (b *replicaClient) do(method, path string, form url.Values) (int, string, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		if _, ok := form["csrf"]; !ok {
			form.Set("csrf", b.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	page, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if m := csrfRE.FindSubmatch(page); m != nil {
		b.csrf = string(m[1])
	}
	return res.StatusCode, string(page), res.Header.Get("Location")
}

func (b *replicaClient) get(path string) (int, string) {
	b.t.Helper()
	code, page, _ := b.do("GET", path, nil)
	return code, page
}

// signIn signs user in through the development sign-in.
func (b *replicaClient) signIn(user string) {
	b.t.Helper()
	if code, _ := b.get("/signin"); code != http.StatusOK {
		b.t.Fatalf("GET /signin = %d", code)
	}
	code, page, loc := b.do("POST", "/signin/callback", url.Values{"user": {user}})
	if code != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s = %d:\n%s", user, code, page)
	}
	// The start page, through its redirects: the session's CSRF token.
	for range 10 {
		if code, _, loc = b.do("GET", loc, nil); code != http.StatusSeeOther && code != http.StatusFound {
			break
		}
	}
	if code != http.StatusOK {
		b.t.Fatalf("start page of %s = %d", user, code)
	}
}

// draftShown matches the scale answer 4 of the question q.trott, checked.
var draftShown = regexp.MustCompile(`<input[^>]*name="q\.trott"[^>]*value="4"[^>]*checked|<input[^>]*value="4"[^>]*name="q\.trott"[^>]*checked`)

// TestReplicasOnCluster runs two replicas of the web server, each with
// its store (client and snapshot cache) and its planner, behind one address on a
// round-robin proxy over the Redis Cluster. A clinician and a citizen go
// the main path, every request on the other replica than the one before:
// each write shows on the next page, served by the other replica. Then
// the scheduler's exactly-once test runs with one scheduler on each
// replica's store.
func TestReplicasOnCluster(t *testing.T) {
	stores := replicas(t, 2)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	if err := demo.Seed(ctx, stores[0], now); err != nil {
		t.Fatal(err)
	}
	rr := &roundRobin{served: map[string]int{}}
	for _, s := range stores {
		id, err := NewDevIdentity(s, true, "sv", demo.Choices())
		if err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		planner := &runtime.Planner{Queue: s, Programs: runtime.NewPrograms(s, 0), Log: log, Now: clock, Compact: true}
		srv, err := New(Config{Store: s, Identity: id, Logger: log, Now: clock, AfterAppend: planner.AfterAppend})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		u, _ := url.Parse(ts.URL)
		rr.backends = append(rr.backends, u)
	}
	front := httptest.NewServer(rr.proxy())
	t.Cleanup(front.Close)
	open := func() *replicaClient {
		jar, _ := cookiejar.New(nil)
		return &replicaClient{t: t, base: front.URL, http: &http.Client{
			Jar:           jar,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}}
	}

	anna := open()
	anna.signIn("anna")
	if code, page, _ := anna.do("POST", south+"/start", url.Values{"pnr": {"650228-6617"}, "name": {"Lars Holm"}, "program": {"sov-battre"}}); code != http.StatusSeeOther {
		t.Fatalf("start = %d:\n%s", code, page)
	}
	es, err := stores[1].Enrolments(ctx, runtime.ByCitizen("196502286617"))
	if err != nil || len(es) != 1 {
		t.Fatalf("enrolments of the new citizen on the other replica: %d, %v", len(es), err)
	}
	enr := es[0].ID
	base := "/e/" + enr

	lars := open()
	lars.signIn("196502286617")
	if _, page := lars.get("/home"); !strings.Contains(page, base) {
		t.Fatalf("the citizen's home lacks the new enrolment")
	}
	if code, page := lars.get(base); code != http.StatusOK {
		t.Fatalf("overview = %d", code)
	} else {
		mustContain(t, page, "Välkommen till Sov bättre")
	}
	if code, page := lars.get(base + "/m/om-somn/vad-ar-somn"); code != http.StatusOK {
		t.Fatalf("step = %d", code)
	} else {
		mustContain(t, page, "Sömn är kroppens")
	}
	form := base + "/m/om-somn/kartlaggning"
	lars.get(form)
	if code, page, _ := lars.do("POST", form+"/draft", url.Values{"q.trott": {"4"}}); code != http.StatusSeeOther {
		t.Fatalf("draft = %d:\n%s", code, page)
	}
	// The draft was saved through one replica; the form page comes from
	// the other, and from the other again.
	for range 2 {
		if _, page := lars.get(form); !draftShown.MatchString(page) {
			t.Fatalf("the form page does not show the draft:\n%s", page)
		}
	}
	code, page, loc := lars.do("POST", form, url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"ljud"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	if code != http.StatusSeeOther {
		t.Fatalf("submit = %d:\n%s", code, page)
	}
	if _, page := lars.get(loc); !strings.Contains(page, "Tack! Dina svar är skickade.") {
		t.Errorf("after submit, the other replica does not thank")
	}
	for i, s := range stores {
		e, err := s.Load(ctx, enr)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Submissions) != 1 || len(e.Drafts) != 0 {
			t.Errorf("replica %d: %d submissions, %d drafts; want 1 and 0", i, len(e.Submissions), len(e.Drafts))
		}
	}
	// The clinician's list and the enrolment page, one from each replica.
	for range 2 {
		_, page := anna.get(south + "/mine")
		mustContain(t, page, "Lars Holm", "1 olästa formulär")
	}
	pageURL := south + "/enrolments/" + enr
	_, page = anna.get(pageURL)
	mustContain(t, page, "Kartläggning inskickad", "Oro", "Markera som läst")
	e, err := stores[0].Load(ctx, enr)
	if err != nil {
		t.Fatal(err)
	}
	sub := e.Submissions[0].ID
	if code, page, _ := anna.do("POST", pageURL+"/submissions/"+sub+"/read", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("mark read = %d:\n%s", code, page)
	}
	for range 2 {
		_, page := anna.get(south + "/mine")
		mustNotContain(t, page, "1 olästa formulär")
	}
	rr.mu.Lock()
	if len(rr.served) != 2 {
		t.Errorf("the requests went to %v, want both replicas", rr.served)
	}
	t.Logf("requests per replica: %v", rr.served)
	rr.mu.Unlock()

	t.Run("scheduler exactly once", func(t *testing.T) {
		storetest.SchedulersShareQueue(t, stores[0], stores[1])
	})
}

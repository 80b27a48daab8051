package web

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// TestConcurrentRequests submits one form from many requests at once: every
// submission is recorded (the service retries on conflict) and the caches
// stay sound.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	c.get("/e/" + id + "/m/om-somn/kartlaggning") // for the CSRF token
	before := e.load(id)
	const n = 8
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		// Each request gets its own copy of the browser's cookies.
		go func() {
			defer wg.Done()
			req := e.anon()
			for k, v := range c.cookies {
				req.cookies[k] = v
			}
			req.csrf = c.csrf
			form := url.Values{"q.kvalitet": {"2"}, "q.trott": {"3"}, "q.somntid.h": {"6"}}
			codes[i] = req.post("/e/"+id+"/m/om-somn/kartlaggning", form).Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusSeeOther {
			t.Errorf("request %d = %d", i, code)
		}
	}
	// Every submission is kept, each with the review its flag raises in
	// the same append: racing writers lose nothing.
	after := e.load(id)
	if got := len(after.Submissions) - len(before.Submissions); got != n {
		t.Errorf("%d submissions kept, want %d", got, n)
	}
	if got := len(after.Reviews) - len(before.Reviews); got != n {
		t.Errorf("%d reviews raised, want %d", got, n)
	}
}

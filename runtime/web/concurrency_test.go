package web

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

// TestConcurrentRequests opens one step from many requests at once: every
// opening is recorded (the service retries on conflict) and the caches
// stay sound.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
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
			codes[i] = req.get("/e/" + id + "/m/om-somn/vad-ar-somn").Code
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != http.StatusOK {
			t.Errorf("request %d = %d", i, code)
		}
	}
	if got := e.load(id).Opened[runtime.StepKey("om-somn", "vad-ar-somn")].Count; got != n {
		t.Errorf("opened %d times, want %d", got, n)
	}
}

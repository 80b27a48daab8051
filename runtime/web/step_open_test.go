package web

import (
	"net/http"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// TestReopeningWithinAVisitIsOneOpening: reloading a step is the same
// sitting; opening it again after visitGap is a new one.
func TestReopeningWithinAVisitIsOneOpening(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	path := "/e/" + id + "/m/om-somn/vad-ar-somn"
	opened := func() *runtime.Opened {
		t.Helper()
		return e.load(id).Opened[runtime.StepKey("om-somn", "vad-ar-somn")]
	}
	if w := c.get(path); w.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, w.Code)
	}
	first := opened()
	if first == nil || first.Count != 1 {
		t.Fatalf("after the first opening: %+v", first)
	}
	seq := e.load(id).Seq
	e.now = e.now.Add(10 * time.Minute)
	c.get(path)
	if got := e.load(id).Seq; got != seq {
		t.Errorf("a reload 10 minutes later wrote %d events", got-seq)
	}
	e.now = e.now.Add(visitGap)
	c = e.signIn(tolvan)
	c.get(path)
	if o := opened(); o.Count != 2 || !o.Last.After(first.Last) {
		t.Errorf("a new sitting is not recorded: %+v", o)
	}
}

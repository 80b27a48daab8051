package redis

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// aheadCitizen is the citizen of aheadEnrolment.
var aheadCitizen = runtime.Recipient{Kind: runtime.RecipientCitizen, ID: "191212121212"}

// aheadEnrolment starts enrolment e1 of aheadCitizen and puts one item,
// "a", in the citizen's inbox.
func aheadEnrolment(t *testing.T, s *Store, now time.Time) *runtime.Enrolment {
	t.Helper()
	e := startEnrolment(t, s, "e1", aheadCitizen.ID, now)
	if _, err := s.AddToInbox(context.Background(), aheadCitizen, runtime.InboxItem{Key: "a", Enrolment: "e1", At: now}, now); err != nil {
		t.Fatal(err)
	}
	return e
}

// startEnrolment stores enrolment id of citizen, started by anna at now.
func startEnrolment(t *testing.T, s *Store, id, citizen string, now time.Time) *runtime.Enrolment {
	t.Helper()
	ev, err := runtime.NewEvent(now, runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
		&runtime.EnrolmentStarted{ID: id, Program: "p", Bundle: "p@1.0+0123456789ab", Unit: "u1", Citizen: citizen, Clinician: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = 1
	e, err := runtime.Fold([]runtime.Event{ev})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Append(context.Background(), id, 0, "", e, ev); err != nil {
		t.Fatal(err)
	}
	return e
}

// pageKey marks the context of the page under test, whose round trips
// pageTrips counts.
type pageKey struct{}

// pageTrips counts the calls to Redis made with the page's context: a
// command or a pipeline each.
type pageTrips struct{ n atomic.Int64 }

func (c *pageTrips) count(ctx context.Context) {
	if ctx.Value(pageKey{}) != nil {
		c.n.Add(1)
	}
}

func (c *pageTrips) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (c *pageTrips) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error { c.count(ctx); return next(ctx, cmd) }
}

func (c *pageTrips) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error { c.count(ctx); return next(ctx, cmds) }
}

// TestPageAhead checks what a page reads ahead with its session
// (PageAhead): the session and the enrolment in one round trip and, once
// the store has decoded the enrolment and knows its citizen, the
// citizen's inbox in it too. What was read is the state at that moment,
// taken once; a change the request makes itself is read again.
func TestPageAhead(t *testing.T) {
	s := mustOpen(t)
	bg := context.Background()
	now := time.Now()
	aheadEnrolment(t, s, now)
	if err := s.PutSession(bg, "sess", []byte(`{"csrf":"x"}`), time.Hour); err != nil {
		t.Fatal(err)
	}
	trips := &pageTrips{}
	s.rdb.AddHook(trips)
	// visit appends an event to e1 and an item to its citizen's inbox.
	visit := func(ctx context.Context) {
		t.Helper()
		e, err := s.Load(ctx, "e1")
		if err != nil {
			t.Fatal(err)
		}
		ev, err := runtime.NewEvent(now, runtime.Actor{ID: aheadCitizen.ID, Role: runtime.RoleCitizen}, &runtime.Visited{})
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = e.Seq + 1
		if err := e.Apply(ev); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, "e1", ev.Seq-1, "", e, ev); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddToInbox(ctx, aheadCitizen, runtime.InboxItem{Key: fmt.Sprint("v", ev.Seq), Enrolment: "e1", At: now}, now); err != nil {
			t.Fatal(err)
		}
	}
	// page reads as an overview (withInbox) or another page does, while
	// another request visits between the session's read and the rest,
	// and returns the sequence number and inbox it read, and in how many
	// round trips. own makes the page visit too, between the two.
	page := func(withInbox, own bool) (seq int64, inbox int, n int64) {
		t.Helper()
		ctx := s.PageAhead(context.WithValue(bg, pageKey{}, true), "sess", "e1", withInbox)
		n0 := trips.n.Load()
		if _, err := s.Session(ctx, "sess"); err != nil {
			t.Fatal(err)
		}
		visit(bg)
		var visits int64 // the page's own visit's round trips
		if own {
			v0 := trips.n.Load()
			visit(ctx)
			visits = trips.n.Load() - v0
		}
		e, err := s.LoadShared(ctx, "e1")
		if err != nil {
			t.Fatal(err)
		}
		items, err := s.Inbox(ctx, aheadCitizen)
		if err != nil {
			t.Fatal(err)
		}
		return e.Seq, len(items), trips.n.Load() - n0 - visits
	}
	tests := []struct {
		name           string
		withInbox, own bool
		seq, inbox     int64
		trips          int64
	}{
		// Nothing decoded yet: the store cannot tell the citizen, so the
		// inbox takes a round trip of its own. It reads the other
		// request's item, the enrolment does not see its event.
		{"first", true, false, 1, 2, 2},
		// Now the citizen is known: one round trip for all three, as the
		// state was then.
		{"overview", true, false, 2, 2, 1},
		{"another page", false, false, 3, 4, 2},
		// The page's own change is read again.
		{"own change", true, true, 6, 6, 3},
	}
	for _, tt := range tests {
		seq, inbox, n := page(tt.withInbox, tt.own)
		if seq != tt.seq || int64(inbox) != tt.inbox || n != tt.trips {
			t.Errorf("%s: read seq %d and %d items in %d round trips, want %d, %d in %d", tt.name, seq, inbox, n, tt.seq, tt.inbox, tt.trips)
		}
	}
	// Another session's read is not the page's: nothing is read ahead.
	ctx := s.PageAhead(bg, "sess", "e1", true)
	if _, err := s.Session(ctx, "other"); err == nil {
		t.Fatal("Session(other) found a session")
	}
	if a := s.aheadOf(ctx); a.snapState != aheadWanted || a.inboxState != aheadWanted {
		t.Errorf("after another session's read: snapshot %d, inbox %d; want both still wanted", a.snapState, a.inboxState)
	}
}

package redis

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// TestInboxReadAhead checks that Load and LoadShared (what pages read
// with) read the inbox InboxAhead asks for, in their round trip: the first
// Inbox then returns the inbox as it was at the load, even when another
// request changed it since, and the next reads it again.
func TestInboxReadAhead(t *testing.T) {
	loads := []struct {
		name string
		load func(s *Store, ctx context.Context, id string) error
	}{
		{"Load", func(s *Store, ctx context.Context, id string) error { _, err := s.Load(ctx, id); return err }},
		{"LoadShared", func(s *Store, ctx context.Context, id string) error { _, err := s.LoadShared(ctx, id); return err }},
	}
	for _, l := range loads {
		t.Run(l.name, func(t *testing.T) { testInboxReadAhead(t, l.load) })
	}
}

func testInboxReadAhead(t *testing.T, load func(s *Store, ctx context.Context, id string) error) {
	s := mustOpen(t)
	bg := context.Background()
	now := time.Now()
	r := runtime.Recipient{Kind: runtime.RecipientCitizen, ID: "191212121212"}
	ev, err := runtime.NewEvent(now, runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
		&runtime.EnrolmentStarted{ID: "e1", Program: "p", Bundle: "p@1.0+0123456789ab", Unit: "u1", Citizen: r.ID, Clinician: "anna"})
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = 1
	e, err := runtime.Fold([]runtime.Event{ev})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Append(bg, "e1", 0, "", e, ev); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddToInbox(bg, r, runtime.InboxItem{Key: "a", Enrolment: "e1", At: now}, now); err != nil {
		t.Fatal(err)
	}
	// The first read ahead on a Redis that lacks the script falls back
	// and loads it; the second reads ahead.
	for i := range 2 {
		ctx := s.InboxAhead(bg, r)
		if err := load(s, ctx, "e1"); err != nil {
			t.Fatal(err)
		}
		if i == 1 && !s.aheadOf(ctx).holds() {
			t.Fatal("Load read no inbox ahead")
		}
		// Another request's change is not in what was read ahead.
		if _, err := s.AddToInbox(bg, r, runtime.InboxItem{Key: fmt.Sprint("b", i), Enrolment: "e1", At: now}, now); err != nil {
			t.Fatal(err)
		}
		if items, err := s.Inbox(ctx, r); err != nil || i == 1 && len(items) != 2 {
			t.Fatalf("Inbox = %v, %v; want the 2 items there were at the Load", items, err)
		}
		if items, err := s.Inbox(ctx, r); err != nil || len(items) != 2+i {
			t.Fatalf("Inbox again = %v, %v; want all %d", items, err, 2+i)
		}
	}
}

// holds reports whether the inbox has been read ahead and not yet taken.
func (a *inboxAhead) holds() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.state == aheadRead
}

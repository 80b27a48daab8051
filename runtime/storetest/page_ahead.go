// Conformance of runtime.PageReader, for a store that reads pages ahead:
// what a page reads with its session is what it would have read alone at
// that moment, on one server or across a cluster's nodes.

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func testPageAhead(t *testing.T, s runtime.Store) {
	pr, ok := s.(runtime.PageReader)
	if !ok {
		t.Skip("the store does not read pages ahead")
	}
	bg := context.Background()
	svc := service(s)
	p := Program()
	e := start(t, svc, "u1", "anna", "19121212-1212")
	r := runtime.Recipient{Kind: runtime.RecipientCitizen, ID: e.Citizen}
	now := time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC)
	if err := s.PutSession(bg, "page-ahead", []byte(`{"csrf":"x"}`), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddToInbox(bg, r, runtime.InboxItem{Key: "a", Enrolment: e.ID, At: now}, now); err != nil {
		t.Fatal(err)
	}
	// change opens a step (a new event) and adds an item to the inbox.
	step := 0
	change := func(ctx context.Context) {
		t.Helper()
		step++
		if _, err := svc.Do(ctx, e.ID, citizen, runtime.OpenStep(p, "intro", []string{"why", "phq"}[step%2], now.Add(time.Duration(step)*time.Hour))); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddToInbox(ctx, r, runtime.InboxItem{Key: string(rune('a' + step)), Enrolment: e.ID, At: now}, now); err != nil {
			t.Fatal(err)
		}
	}
	// page reads as a page does: its session, the enrolment, the inbox.
	// The other request's change comes after the session's read; own
	// makes the page's own change there too.
	page := func(withInbox, own bool) (seq int64, items int) {
		t.Helper()
		ctx := pr.PageAhead(bg, "page-ahead", e.ID, withInbox)
		if b, err := s.Session(ctx, "page-ahead"); err != nil || string(b) != `{"csrf":"x"}` {
			t.Fatalf("Session = %q, %v", b, err)
		}
		change(bg)
		if own {
			change(ctx)
		}
		v, err := svc.View(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		in, err := s.Inbox(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return v.Seq, len(in)
	}
	seqNow := func() int64 {
		t.Helper()
		v, err := svc.View(bg, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		return v.Seq
	}
	for _, tt := range []struct {
		name           string
		withInbox, own bool
	}{
		{"first overview", true, false}, // the store may not know the citizen yet
		{"overview", true, false},
		{"another page", false, false},
		{"own change", true, true},
	} {
		before := seqNow()
		inbox, _ := s.Inbox(bg, r)
		seq, items := page(tt.withInbox, tt.own)
		// At most the state at the session's read, and never older: the
		// other request's change may or may not show (a store that reads
		// ahead shows the state before it), the page's own always does.
		wantSeq, wantItems := []int64{before, before + 1}, []int{len(inbox), len(inbox) + 1}
		if tt.own {
			wantSeq, wantItems = []int64{before + 2}, []int{len(inbox) + 2}
		}
		if !containsInt(wantSeq, seq) || !containsInt(wantItems, items) {
			t.Errorf("%s: read seq %d and %d items, want one of %v and %v", tt.name, seq, items, wantSeq, wantItems)
		}
	}
	// The session read ahead is read only once, with the key it names.
	ctx := pr.PageAhead(bg, "page-ahead", e.ID, true)
	if _, err := s.Session(ctx, "another"); err == nil {
		t.Error("Session(another) found a session")
	}
	if b, err := s.Session(ctx, "page-ahead"); err != nil || string(b) != `{"csrf":"x"}` {
		t.Errorf("Session after another's = %q, %v", b, err)
	}
}

func containsInt[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

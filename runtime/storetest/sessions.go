// Conformance of the session store.

package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func testSessions(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.PutSession(ctx, "s1", []byte("one"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "s2", []byte("two"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "s1", []byte("uno"), time.Hour); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, "s1")
	if err != nil || string(got) != "uno" {
		t.Errorf("Session s1 = %q, %v", got, err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Errorf("delete twice: %v", err)
	}
	_, err = s.Session(ctx, "s1")
	isErr(t, "deleted session", err, runtime.ErrNotFound)
	got, err = s.Session(ctx, "s2")
	if err != nil || string(got) != "two" {
		t.Errorf("Session s2 = %q, %v", got, err)
	}
}

func testSessionExpiry(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.PutSession(ctx, "short", []byte("x"), 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "long", []byte("y"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "short"); err != nil {
		t.Fatalf("fresh session: %v", err)
	}
	time.Sleep(250 * time.Millisecond)
	_, err := s.Session(ctx, "short")
	isErr(t, "expired session", err, runtime.ErrNotFound)
	if _, err := s.Session(ctx, "long"); err != nil {
		t.Errorf("unexpired session: %v", err)
	}
}

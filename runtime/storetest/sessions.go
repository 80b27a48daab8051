// Conformance of the session store.

package storetest

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
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

// testSessionIndex checks that signing out everywhere ends every session
// of one person, and only theirs.
func testSessionIndex(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	anna, bertil := "anna", "191212121212"
	id := func(person, n string) string { return "s:" + runtime.SessionTag(person) + ":" + n }
	for _, p := range []struct{ person, id string }{
		{anna, id(anna, "1")}, {anna, id(anna, "2")}, {bertil, id(bertil, "1")},
	} {
		if err := s.PutPersonSession(ctx, p.person, p.id, []byte(p.id), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	// A renewal replaces the session and keeps one index entry.
	if err := s.PutPersonSession(ctx, anna, id(anna, "1"), []byte("renewed"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Session(ctx, id(anna, "1")); err != nil || string(got) != "renewed" {
		t.Errorf("renewed session = %q, %v", got, err)
	}
	if err := s.PutPersonSession(ctx, anna, "s:untagged", []byte("x"), time.Hour); err == nil {
		t.Error("PutPersonSession with an id without the person's tag: no error")
	}
	// A session signed out on its own is not counted again.
	if err := s.DeleteSession(ctx, id(anna, "2")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "anonymous", []byte("a"), time.Hour); err != nil {
		t.Fatal(err)
	}
	n, err := s.DeleteSessions(ctx, anna)
	if err != nil || n != 1 {
		t.Errorf("DeleteSessions(anna) = %d, %v; want 1", n, err)
	}
	for _, gone := range []string{id(anna, "1"), id(anna, "2")} {
		_, err := s.Session(ctx, gone)
		isErr(t, "session after sign-out everywhere", err, runtime.ErrNotFound)
	}
	for _, kept := range []string{id(bertil, "1"), "anonymous"} {
		if _, err := s.Session(ctx, kept); err != nil {
			t.Errorf("another's session %s: %v", kept, err)
		}
	}
	if n, err := s.DeleteSessions(ctx, anna); err != nil || n != 0 {
		t.Errorf("DeleteSessions twice = %d, %v", n, err)
	}
	if n, err := s.DeleteSessions(ctx, "nobody"); err != nil || n != 0 {
		t.Errorf("DeleteSessions(nobody) = %d, %v", n, err)
	}
	// A new session after signing out everywhere is indexed again.
	if err := s.PutPersonSession(ctx, anna, id(anna, "3"), []byte("3"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteSessions(ctx, anna); err != nil || n != 1 {
		t.Errorf("DeleteSessions after a new sign-in = %d, %v", n, err)
	}
}

// testSessionIndexConcurrent checks that sign-out everywhere is atomic:
// sessions put while it runs are either ended by it or survive whole,
// and every one put before it started is ended.
func testSessionIndexConcurrent(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	const person, n = "cecilia", 40
	id := func(i int) string { return "s:" + runtime.SessionTag(person) + ":" + strconv.Itoa(i) }
	for i := range n {
		if err := s.PutPersonSession(ctx, person, id(i), []byte("x"), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := n; i < 2*n; i++ {
			if err := s.PutPersonSession(ctx, person, id(i), []byte("x"), time.Hour); err != nil {
				t.Error(err)
			}
		}
	}()
	ended, err := s.DeleteSessions(ctx, person)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		_, err := s.Session(ctx, id(i))
		isErr(t, "session put before sign-out everywhere", err, runtime.ErrNotFound)
	}
	left := 0
	for i := n; i < 2*n; i++ {
		if _, err := s.Session(ctx, id(i)); err == nil {
			left++
		}
	}
	if ended+left != 2*n {
		t.Errorf("ended %d + left %d != %d", ended, left, 2*n)
	}
	again, err := s.DeleteSessions(ctx, person)
	if err != nil || again != left {
		t.Errorf("second DeleteSessions = %d, %v; want the %d left", again, err, left)
	}
}

// testSessionIndexExpiry checks that expired sessions are not counted.
func testSessionIndexExpiry(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	const person = "david"
	short, long := "s:"+runtime.SessionTag(person)+":short", "s:"+runtime.SessionTag(person)+":long"
	if err := s.PutPersonSession(ctx, person, short, []byte("x"), 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := s.PutPersonSession(ctx, person, long, []byte("y"), time.Minute); err != nil {
		t.Fatal(err)
	}
	time.Sleep(250 * time.Millisecond)
	if n, err := s.DeleteSessions(ctx, person); err != nil || n != 1 {
		t.Errorf("DeleteSessions = %d, %v; want 1 (the expired one is not counted)", n, err)
	}
}

// testRateLimit checks the token bucket: Burst tokens at once, then one
// per Every, per key.
func testRateLimit(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	limit := runtime.Limit{Burst: 3, Every: 200 * time.Millisecond}
	for i := range 3 {
		if wait, err := s.TakeToken(ctx, "ip:a", limit); err != nil || wait != 0 {
			t.Fatalf("token %d = %v, %v; want 0", i, wait, err)
		}
	}
	wait, err := s.TakeToken(ctx, "ip:a", limit)
	if err != nil || wait <= 0 || wait > limit.Every {
		t.Fatalf("token past the burst = %v, %v; want a wait up to %v", wait, err, limit.Every)
	}
	if wait, err := s.TakeToken(ctx, "ip:b", limit); err != nil || wait != 0 {
		t.Errorf("another key = %v, %v; want 0", wait, err)
	}
	time.Sleep(wait + 20*time.Millisecond)
	if wait, err := s.TakeToken(ctx, "ip:a", limit); err != nil || wait != 0 {
		t.Errorf("after the wait = %v, %v; want 0", wait, err)
	}
	if _, err := s.TakeToken(ctx, "ip:a", runtime.Limit{}); err == nil {
		t.Error("a zero limit: no error")
	}
}

// testRateLimitShared checks that concurrent takers never get more than
// the burst between them.
func testRateLimitShared(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	limit := runtime.Limit{Burst: 5, Every: time.Hour}
	var taken atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			wait, err := s.TakeToken(ctx, "account:x", limit)
			if err != nil {
				t.Error(err)
			}
			if wait == 0 {
				taken.Add(1)
			}
		})
	}
	wg.Wait()
	if got := taken.Load(); got != 5 {
		t.Errorf("%d tokens taken, want 5", got)
	}
}

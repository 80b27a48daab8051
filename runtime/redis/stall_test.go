// A Redis that stalls mid-append: the client's own retry of the append
// script must not store the command twice.

package redis_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// stallOnAppend stops the Redis process just before the next append, and
// lets it go on after a while, as a Redis that hangs on a slow disk or a
// paused VM does.
type stallOnAppend struct {
	*redis.Store
	srv   *redistest.Server
	stall time.Duration
	once  sync.Once
	wg    sync.WaitGroup
}

func (s *stallOnAppend) Append(ctx context.Context, id string, expected int64, key string, state *runtime.Enrolment, events ...runtime.Event) error {
	s.once.Do(func() {
		s.srv.Stop()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			time.Sleep(s.stall)
			s.srv.Cont()
		}()
	})
	return s.Store.Append(ctx, id, expected, key, state, events...)
}

// TestStallAppliesOnce submits a form while Redis is stopped for longer
// than the client's read timeout. The append script waits in the socket
// while the client times out and sends the command again, as go-redis
// does on a new connection and a user does who got an error page; when
// Redis goes on, it runs every copy. The submission and the flag it raises
// must be in the log once. Without keys they were in it twice.
func TestStallAppliesOnce(t *testing.T) {
	ctx := context.Background()
	srv := redistest.StartServer(t)
	const readTimeout = 200 * time.Millisecond
	s, err := redis.Open(srv.URL()+"?read_timeout="+readTimeout.String()+"&max_retries=10", redis.Options{Prefix: "stall:"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	p := storetest.Program()
	citizen := runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: p, Bundle: storetest.Bundle, Unit: "u1", Citizen: "19121212-1212",
		CitizenName: "Tolvan", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Opening the step also loads the append script into the server, so
	// that the stalled call is an EVALSHA that Redis runs.
	if _, err := svc.Do(ctx, e.ID, citizen, runtime.OpenStep(p, "intro", "phq", time.Now())); err != nil {
		t.Fatal(err)
	}

	stalled := &stallOnAppend{Store: s, srv: srv, stall: 5 * readTimeout}
	svc.Store = stalled
	submit := runtime.Then(
		runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"3"}}, time.Now()),
		runtime.RaiseFlag(p, "risk", "3"),
	)
	key := runtime.NewID()
	_, err = svc.DoKeyed(ctx, e.ID, citizen, key, submit)
	stalled.wg.Wait()
	// A client that got no answer sends the command again, with its key.
	for i := 0; err != nil && i < 3; i++ {
		t.Logf("submit during the stall: %v; again", err)
		_, err = svc.DoKeyed(ctx, e.ID, citizen, key, submit)
	}
	if err != nil {
		t.Fatalf("submit after the stall: %v", err)
	}

	log, err := s.Events(ctx, e.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, ev := range log {
		count[ev.Type]++
	}
	t.Logf("after a %v stall with a read timeout of %v: %d submissions, %d flags in the log", stalled.stall, readTimeout, count["form_submitted"], count["flag_raised"])
	if count["form_submitted"] != 1 || count["flag_raised"] != 1 {
		t.Errorf("the log holds %d submissions and %d flags, want 1 of each", count["form_submitted"], count["flag_raised"])
	}
}

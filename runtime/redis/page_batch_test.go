package redis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// pipelines counts the pipelines sent to Redis.
type pipelines struct{ n atomic.Int64 }

func (c *pipelines) DialHook(next goredis.DialHook) goredis.DialHook          { return next }
func (c *pipelines) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook { return next }
func (c *pipelines) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error { c.n.Add(1); return next(ctx, cmds) }
}

// TestPageReadsShareRoundTrips reads many pages ahead at once, each of its
// own session, enrolment and citizen, and checks that every request gets
// its own session, enrolment and inbox, however the reads were batched;
// and that a read waiting for a pipeline gives up with its request.
func TestPageReadsShareRoundTrips(t *testing.T) {
	s := mustOpen(t)
	bg := context.Background()
	now := time.Now()
	const pages = 12
	for i := range pages {
		id, citizen := fmt.Sprint("e", i), runtime.Recipient{Kind: runtime.RecipientCitizen, ID: fmt.Sprint("1912121212", 10+i)}
		startEnrolment(t, s, id, citizen.ID, now)
		for k := range i + 1 { // citizen i has i+1 items
			if _, err := s.AddToInbox(bg, citizen, runtime.InboxItem{Key: fmt.Sprint(k), Enrolment: id, At: now}, now); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.PutSession(bg, fmt.Sprint("sess", i), []byte(id), time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LoadShared(bg, id); err != nil { // so the store knows the citizen
			t.Fatal(err)
		}
	}
	count := &pipelines{}
	s.rdb.AddHook(count)
	const rounds = 20
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() {
			id := fmt.Sprint("e", i)
			for range rounds {
				ctx := s.PageAhead(bg, fmt.Sprint("sess", i), id, true)
				b, err := s.Session(ctx, fmt.Sprint("sess", i))
				if err != nil || string(b) != id {
					t.Errorf("page %d: session %q, %v", i, b, err)
					return
				}
				a := s.aheadOf(ctx)
				if _, ok, _ := a.takeSnap(id); !ok {
					t.Errorf("page %d: no snapshot read ahead", i)
					return
				}
				if items, ok := a.use(runtime.Recipient{Kind: runtime.RecipientCitizen, ID: fmt.Sprint("1912121212", 10+i)}); !ok || len(items) != i+1 {
					t.Errorf("page %d: inbox of %d items read ahead (%v), want %d", i, len(items), ok, i+1)
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d page reads in %d pipelines", pages*rounds, count.n.Load())

	// Every pipeline busy: a page that waits gives up with its request.
	s.pages.mu.Lock()
	s.pages.running = pagePipelines
	s.pages.mu.Unlock()
	ctx, cancel := context.WithTimeout(s.PageAhead(bg, "sess0", "e0", true), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Session(ctx, "sess0"); !errors.Is(err, runtime.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a page read waiting past its deadline: %v; want unavailable, deadline exceeded", err)
	}
	// The read it left is still made once a pipeline is free, and then
	// that pipeline's place is freed.
	s.nextPages()
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		s.pages.mu.Lock()
		queued, running := len(s.pages.queue), s.pages.running
		s.pages.mu.Unlock()
		if queued == 0 && running == pagePipelines-1 {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("%d reads queued, %d pipelines running", queued, running)
		}
	}
}

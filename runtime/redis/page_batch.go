// Page reads that share round trips: the reads ahead of requests under
// way at once (sessionAhead) go to Redis together, in one pipeline, as a
// database commits the transactions that wait together in one write.

package redis

import (
	"context"
	"fmt"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

const (
	// pagePipelines is how many pipelines of page reads may be under way
	// at once. While they are, the reads that come wait and go together
	// in the next: the busier the server, the more reads a round trip
	// carries, and the less each costs the server and Redis in writes,
	// reads and wake-ups. A quiet server's read waits for nothing.
	pagePipelines = 2
	// pageBatchMax is the most page reads one pipeline carries.
	pageBatchMax = 64
)

// pageRead is one request's read ahead: its session (key) with the
// snapshot and inbox its ahead asks for, and their replies, which are
// there once done is closed.
type pageRead struct {
	ctx       context.Context // the request's
	key       string
	a         *ahead
	withInbox bool

	session, snap *goredis.StringCmd
	inbox         pipedInbox
	done          chan struct{}
}

// pageBatches queues the page reads that wait for a pipeline.
type pageBatches struct {
	mu      sync.Mutex
	running int
	queue   []*pageRead
}

// readPage reads r: at once in a pipeline of its own when fewer than
// pagePipelines are under way, else in the next pipeline with the reads
// that wait with it. It waits no longer than ctx: a read given up is
// still made, and its replies dropped.
func (s *Store) readPage(ctx context.Context, r *pageRead) error {
	r.done = make(chan struct{})
	r.ctx = ctx
	b := &s.pages
	b.mu.Lock()
	if b.running < pagePipelines {
		// The queue is empty: reads wait only while every pipeline runs.
		b.running++
		b.mu.Unlock()
		s.runPages([]*pageRead{r})
	} else {
		b.queue = append(b.queue, r)
		b.mu.Unlock()
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("read page ahead: %w: %w", runtime.ErrUnavailable, ctx.Err())
	}
}

// runPages reads a batch in one pipeline (on a cluster, one a node, at
// once), tells each read it is done, and starts the next batch, if reads
// wait, on a goroutine of its own, so that no request runs another's
// reads after its own. The pipeline lasts until the latest of the
// requests' deadlines, and without their cancellation, so that one
// request given up does not fail the others' reads; the client's
// timeouts bound it too. It carries the first request's context values,
// so a hook sees it as that request's.
func (s *Store) runPages(batch []*pageRead) {
	defer s.nextPages()
	defer func() {
		for _, r := range batch {
			close(r.done)
		}
	}()
	ctx := context.WithoutCancel(batch[0].ctx)
	if last, ok := latestDeadline(batch); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, last)
		defer cancel()
	}
	p := s.rdb.Pipeline()
	for _, r := range batch {
		r.session = p.Get(ctx, r.key)
		r.snap = p.Get(ctx, s.snapKey(r.a.id))
		if r.withInbox {
			r.inbox = s.pipeInbox(ctx, p, r.a.r)
		}
	}
	_, _ = p.Exec(ctx) // each command has its own result
}

// nextPages starts the next batch of the reads that wait, or frees the
// pipeline's place when none does.
func (s *Store) nextPages() {
	b := &s.pages
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.queue) == 0 {
		b.running--
		return
	}
	n := min(len(b.queue), pageBatchMax)
	next := b.queue[:n:n]
	if b.queue = b.queue[n:]; len(b.queue) == 0 {
		b.queue = nil
	}
	go s.runPages(next)
}

// latestDeadline is the latest deadline of the batch's requests, and
// false when one has none.
func latestDeadline(batch []*pageRead) (time.Time, bool) {
	var last time.Time
	for _, r := range batch {
		d, ok := r.ctx.Deadline()
		if !ok {
			return time.Time{}, false
		}
		if d.After(last) {
			last = d
		}
	}
	return last, true
}

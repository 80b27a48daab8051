package runtime

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// The scheduler: it claims due jobs from the QueueStore and runs each by
// its kind's handler, as the System actor. Every `stegvis serve` process
// runs one; the queue's leases make sure each job takes effect once, and
// a job whose process died is claimed again when its lease runs out.

// Scheduler defaults.
const (
	DefaultBatch     = 100
	DefaultLease     = 2 * time.Minute
	DefaultPoll      = time.Second
	DefaultWorkers   = 4
	DefaultMaxClaims = 8
	DefaultRetryBase = 30 * time.Second
	DefaultRetryMax  = time.Hour
)

// JobHandler runs one claimed job. It returns nil when the job is done
// (or has nothing left to do), and an error to have it retried later. A
// handler may run more than once for one job (a retry, or a lease that ran
// out while it worked), so its effects must be idempotent: decisions that
// check the enrolment's state, notifications keyed by Notification.Key.
// It may reschedule its own job (QueueStore.Schedule with the same ID),
// for instance to a later due time it finds on fresh state; the
// scheduler then leaves the new schedule alone.
type JobHandler func(ctx context.Context, j Job) error

// Scheduler claims due jobs from a queue and runs them. Set its fields
// before Run or RunDue; zero values take the defaults. Any number of
// schedulers, in one process or many, may share a queue: each claims
// distinct jobs.
type Scheduler struct {
	Queue QueueStore
	// Now returns the current time; it defaults to time.Now. The demo's
	// clock offset and the tests' ManualClock come in here.
	Now func() time.Time
	Log *slog.Logger
	// Batch is how many jobs one claim takes.
	Batch int
	// Lease is how long a claimed batch is the scheduler's alone; it must
	// outlast running the batch, or another scheduler runs the jobs too.
	Lease time.Duration
	// Poll is how long Run waits between passes.
	Poll time.Duration
	// Workers is how many jobs of a batch run at once.
	Workers int
	// MaxClaims is how often a failing job is tried before the
	// scheduler gives up on it, logging it as an error.
	MaxClaims int
	// RetryBase and RetryMax bound the backoff between tries of a
	// failing job (RetryDelay).
	RetryBase, RetryMax time.Duration

	mu       sync.RWMutex
	handlers map[string]JobHandler
}

// NewScheduler returns a scheduler over a queue with the defaults.
func NewScheduler(q QueueStore, now func() time.Time, log *slog.Logger) *Scheduler {
	return &Scheduler{Queue: q, Now: now, Log: log}
}

// Handle sets the handler of a job kind, replacing any before it.
func (s *Scheduler) Handle(kind string, h JobHandler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handlers == nil {
		s.handlers = map[string]JobHandler{}
	}
	s.handlers[kind] = h
}

func (s *Scheduler) handler(kind string) (JobHandler, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h, ok := s.handlers[kind]
	return h, ok
}

// RetryDelay is how long a job that failed on its claims-th claim waits
// before it is tried again: base, doubling with each claim, at most max.
func RetryDelay(claims int, base, max time.Duration) time.Duration {
	d := base
	for i := 1; i < claims && d < max; i++ {
		d *= 2
	}
	return min(d, max)
}

// Run runs passes of due jobs (RunDue), one every Poll, until ctx ends.
// Jobs already running when ctx ends are finished first, within their
// lease, so that a shutdown does not leave them to time out.
func (s *Scheduler) Run(ctx context.Context) error {
	poll := cmp.Or(s.Poll, DefaultPoll)
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if _, err := s.RunDue(ctx, s.now()); err != nil && ctx.Err() == nil {
			s.log().Error("scheduler pass failed", "err", err)
		}
		t.Reset(poll)
	}
}

// RunDue runs every job due at now, batch by batch, and returns how many
// it ran, failed ones included. A failed job is given back to the queue
// for a later try (Retry) or, after MaxClaims claims, dropped with an
// error in the log. The error is the queue's, or ctx's when it ends; a
// handler's errors are only logged.
func (s *Scheduler) RunDue(ctx context.Context, now time.Time) (int, error) {
	batch := cmp.Or(s.Batch, DefaultBatch)
	lease := cmp.Or(s.Lease, DefaultLease)
	ran := 0
	for ctx.Err() == nil {
		jobs, err := s.Queue.Claim(ctx, now, batch, lease)
		if err != nil {
			return ran, fmt.Errorf("scheduler: %w", err)
		}
		s.runBatch(ctx, jobs)
		ran += len(jobs)
		if len(jobs) < batch {
			return ran, nil
		}
	}
	return ran, ctx.Err()
}

// runBatch runs claimed jobs on Workers goroutines. Their context outlives
// ctx until the lease ends, so a shutdown lets them finish.
func (s *Scheduler) runBatch(ctx context.Context, jobs []Job) {
	if len(jobs) == 0 {
		return
	}
	// The lease is counted on the scheduler's clock, which may be a test's
	// or an offset one; this deadline is real time.
	jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cmp.Or(s.Lease, DefaultLease))
	defer cancel()
	workers := min(cmp.Or(s.Workers, DefaultWorkers), len(jobs))
	next := make(chan Job)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range next {
				s.runJob(jctx, j)
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

// runJob runs one job and completes it, or gives it back for a retry.
func (s *Scheduler) runJob(ctx context.Context, j Job) {
	log := s.log().With("job", j.ID, "kind", j.Kind, "claims", j.Claims)
	if j.Enrolment != "" {
		log = log.With("enrolment", j.Enrolment)
	}
	err := s.call(ctx, j)
	if err == nil {
		switch err := s.Queue.Complete(ctx, j.ID, j.Lease); {
		case err == nil:
			log.Debug("job done")
		case errors.Is(err, ErrConflict), errors.Is(err, ErrNotFound):
			// Scheduled anew or removed while it ran (by its own handler,
			// or a visit moving an inactivity check): the new schedule
			// stands. Or the lease ran out and another took it.
			log.Debug("job done; scheduled anew meanwhile", "err", err)
		default:
			log.Warn("job done but not completed; its lease will run out and it runs again", "err", err)
		}
		return
	}
	if j.Claims >= cmp.Or(s.MaxClaims, DefaultMaxClaims) {
		log.Error("job given up after repeated failures", "err", err, "due", j.Due, "data", string(j.Data))
		if err := s.Queue.Complete(ctx, j.ID, j.Lease); err != nil && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrNotFound) {
			log.Warn("given-up job not removed; its lease will run out and it runs again", "err", err)
		}
		return
	}
	delay := RetryDelay(j.Claims, cmp.Or(s.RetryBase, DefaultRetryBase), cmp.Or(s.RetryMax, DefaultRetryMax))
	log.Warn("job failed; will retry", "err", err, "in", delay)
	if err := s.Queue.Retry(ctx, j, s.now().Add(delay)); err != nil && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrNotFound) {
		log.Warn("failed job not given back; its lease will run out and it runs again", "err", err)
	}
}

// call runs the job's handler, turning a panic into an error.
func (s *Scheduler) call(ctx context.Context, j Job) (err error) {
	h, ok := s.handler(j.Kind)
	if !ok {
		return fmt.Errorf("no handler for job kind %q", j.Kind)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panicked: %v", j.ID, r)
		}
	}()
	return h(ctx, j)
}

func (s *Scheduler) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

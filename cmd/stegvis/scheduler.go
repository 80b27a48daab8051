package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// engine is the scheduler of a process and what it runs on: the planner
// whose hook the Enrolments services call after each append, the
// service the handlers write through, and the scheduler with every
// handler registered. serve and simulate build it alike, so that a
// simulation runs the runtime's own code.
type engine struct {
	Planner    *runtime.Planner
	Enrolments *runtime.Enrolments
	Scheduler  *runtime.Scheduler
}

// newEngine wires the planner and the scheduler's handlers (the
// time-based flags, notifications and urgent escalation) over store, on
// the clock now, delivering through notifier.
func newEngine(store runtime.Store, now func() time.Time, notifier runtime.Notifier, log *slog.Logger) *engine {
	programs := runtime.NewPrograms(store, 0)
	planner := &runtime.Planner{Queue: store, Programs: programs, Log: log, Now: now}
	svc := runtime.NewEnrolments(store)
	svc.Now, svc.AfterAppend = now, planner.AfterAppend
	sched := runtime.NewScheduler(store, now, log)
	(&runtime.TimeFlags{Enrolments: svc, Programs: programs, Queue: store, Notifier: notifier, Now: now}).Register(sched)
	(&runtime.Escalations{Enrolments: svc, Programs: programs, Directory: store, Queue: store, Notifier: notifier, Now: now}).Register(sched)
	if courier, ok := courierOf(notifier); ok {
		// The courier's own jobs: deliveries and the daily collections.
		courier.Now = now
		courier.Register(sched)
	}
	if c, ok := store.(runtime.LogCompactor); ok {
		// The store's logs are compacted from the queue, off the write path.
		planner.Compact = true
		(&runtime.Compaction{Store: c, Now: now}).Register(sched)
	}
	return &engine{Planner: planner, Enrolments: svc, Scheduler: sched}
}

// startScheduler starts the scheduler of a serve process (newEngine)
// until ctx ends. Notifications go through courier (notify.go): the
// inbox, and e-mail and SMS when configured. stop stops the scheduler (as
// ctx ending does) and waits until it has finished the jobs in hand.
func startScheduler(ctx context.Context, store runtime.Store, now func() time.Time, log *slog.Logger, courier *runtime.Courier) (planner *runtime.Planner, stop func()) {
	eng := newEngine(store, now, courier, log)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		eng.Scheduler.Run(ctx)
	}()
	log.Info("scheduler started", "poll", runtime.DefaultPoll, "lease", runtime.DefaultLease)
	return eng.Planner, func() {
		cancel()
		<-done
	}
}

// courierOf returns the Courier that notifier is, or hands on to through
// an Unwrap method (as simulate's recorder does), so that its jobs are
// registered either way.
func courierOf(n runtime.Notifier) (*runtime.Courier, bool) {
	for n != nil {
		if c, ok := n.(*runtime.Courier); ok {
			return c, true
		}
		u, ok := n.(interface{ Unwrap() runtime.Notifier })
		if !ok {
			break
		}
		n = u.Unwrap()
	}
	return nil, false
}

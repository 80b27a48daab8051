package runtime

import (
	"context"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Logs that stay small. Reading does not write on every page view: a
// visit within VisitGap of the citizen's last activity, and a step opened
// again within VisitGap of its last opening, are the same sitting and
// append nothing (VisitAt, ReadStep); the access log, a log of its own,
// still records every read. A store whose log takes room in memory
// (runtime/redis) compacts it into compressed chunks, and that work runs
// from the scheduler, off the write path: the Planner schedules a
// JobCompact whenever an append takes the log past a multiple of
// CompactEvery events, and the job asks the store's LogCompactor.
// Sealing never changes what the log says: Events returns the same
// events, byte for byte, before and after. Past ActivityRetention the
// compaction also folds the visits and step openings of old stretches of
// the log into digests (activity_folded.go), which fold to the same state
// and read as one sentence on the timeline.

// VisitGap is how long the citizen must have been away for a visit, or a
// step's opening, to be recorded again.
const VisitGap = 30 * time.Minute

// CompactEvery is how many appended events make a log due for compaction.
const CompactEvery = 32

// JobCompact is the job kind that compacts an enrolment's log; its job id
// is one per enrolment, so a log due again before the job ran keeps one
// pending job.
const JobCompact = "compact_log"

// LogCompactor is implemented by the stores whose logs are worth
// compacting. CompactLog compacts the log of enrolment id and reports
// whether it changed anything; it is idempotent, and safe to run beside
// appends and other compactions of the same log: a compaction that loses
// a race changes nothing, and the next one does the work.
type LogCompactor interface {
	// CompactLog compacts the log of enrolment id; it folds the visits
	// and step openings before foldBefore into digests (FoldActivity),
	// none if foldBefore is zero.
	CompactLog(ctx context.Context, id string, foldBefore time.Time) (bool, error)
}

// VisitDue reports whether a visit at now is a new sitting, to be
// recorded: the citizen has not been active within VisitGap.
func (e *Enrolment) VisitDue(now time.Time) bool {
	return now.Sub(e.LastActive) > VisitGap
}

// OpeningDue reports whether opening a step at now is a new sitting, to
// be recorded: the step was never opened, or last more than VisitGap ago.
func (e *Enrolment) OpeningDue(module, step string, now time.Time) bool {
	o, seen := e.Opened[StepKey(module, step)]
	return !seen || now.Sub(o.Last) > VisitGap
}

// VisitAt records that the citizen came to the program at now, unless
// that is the same sitting as the last activity (VisitDue): then it
// changes nothing.
func VisitAt(now time.Time) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !e.VisitDue(now) {
			return nil, nil
		}
		return []Change{&Visited{}}, nil
	})
}

// ReadStep is OpenStep as the citizen's step page asks it at now: the
// same rules, but opening the step again within VisitGap of its last
// opening (OpeningDue) changes nothing.
func ReadStep(p *designer.Program, module, step string, now time.Time) Decision {
	open := OpenStep(p, module, step, now)
	return decision(func(e *Enrolment) ([]Change, error) {
		changes, err := open(e)
		if err != nil || e.OpeningDue(module, step, now) {
			return changes, err
		}
		return nil, nil
	})
}

// CompactJob returns the compaction job of an enrolment whose log reached
// seq with the n events just appended, and whether one is due: the
// append took the log past a multiple of CompactEvery.
func CompactJob(id string, seq int64, n int, now time.Time) (Job, bool) {
	before := seq - int64(n)
	if n <= 0 || seq/CompactEvery == before/CompactEvery {
		return Job{}, false
	}
	return Job{ID: JobCompact + ":" + id, Kind: JobCompact, Enrolment: id, Due: now.UTC()}, true
}

// Compaction runs JobCompact against a store's LogCompactor: it folds the
// visits and step openings older than ActivityRetention.
type Compaction struct {
	Store LogCompactor
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
}

// Register makes s run the compaction jobs.
func (c *Compaction) Register(s *Scheduler) { s.Handle(JobCompact, c.compact) }

func (c *Compaction) compact(ctx context.Context, j Job) error {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	if _, err := c.Store.CompactLog(ctx, j.Enrolment, now().Add(-ActivityRetention)); err != nil {
		return fmt.Errorf("compact log of %s: %w", j.Enrolment, err)
	}
	return nil
}

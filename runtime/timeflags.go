package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Time-based flags: the handlers of the jobs the planner schedules. Each
// reads the enrolment's fresh state and its program, decides whether its
// rule still applies and when, and then fires: a review through a
// decision that raises each (flag, occasion) once, and notifications
// through the Notifier, keyed by (enrolment, flag, occasion, recipient).
// A retried job therefore never raises or sends twice.

// Occasions of the time-based flags: what one firing of a rule is, so
// that it fires once per occasion.
const (
	// OccasionStart is the one occasion of a `start` flag.
	OccasionStart = "start"
	// OccasionProgramEnding is the one occasion of a `program_ending` flag.
	OccasionProgramEnding = "program_ending"
)

// InactivityOccasion is the occasion of an `inactivity` flag: the stretch
// of inactivity since the last activity, named by its Unix milliseconds.
func InactivityOccasion(since time.Time) string {
	return "inactive-since-" + strconv.FormatInt(since.UnixMilli(), 10)
}

// ModuleOccasion is the occasion of a `module_ending` flag: the module,
// as started at started (a module started again is a new occasion).
func ModuleOccasion(module string, started time.Time) string {
	return module + "@" + strconv.FormatInt(started.UnixMilli(), 10)
}

// SubmissionOccasion is the occasion of a flag raised by a submission.
func SubmissionOccasion(submission string) string { return "submission-" + submission }

// Raised reports whether flag has been raised for review on occasion.
func (e *Enrolment) Raised(flag, occasion string) bool {
	return slices.ContainsFunc(e.Reviews, func(r *Review) bool { return r.Flag == flag && r.Occasion == occasion })
}

// RaiseFlagOn raises a flag of the program for review on an occasion, once:
// when the enrolment has it raised on that occasion already, it changes
// nothing, so a retried job never raises it twice.
func RaiseFlagOn(p *designer.Program, flag, occasion string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		i := slices.IndexFunc(p.Flags, func(f *designer.Flag) bool { return f.ID == flag })
		if i < 0 {
			return nil, invalid("raise flag %q: not in the program", flag)
		}
		if occasion == "" {
			return nil, invalid("raise flag %q: no occasion", flag)
		}
		if e.Raised(flag, occasion) {
			return nil, nil
		}
		return []Change{&FlagRaised{Flag: flag, Urgent: p.Flags[i].Urgent, Occasion: occasion}}, nil
	})
}

// TimeFlags runs the jobs of the time-based flags, of modules' ends and
// of notifications. Register its handlers on a Scheduler.
type TimeFlags struct {
	Enrolments *Enrolments
	Programs   *Programs
	Queue      QueueStore
	Notifier   Notifier
	// Now returns the current time; it defaults to time.Now. It must be
	// the scheduler's clock.
	Now func() time.Time
}

// Register sets the handlers of JobStart, JobInactivity, JobModuleEnding,
// JobProgramEnding, JobModuleEnd, JobNotify, JobBattery and
// JobActivityMissed on s.
func (tf *TimeFlags) Register(s *Scheduler) {
	for _, kind := range []string{JobStart, JobInactivity, JobModuleEnding, JobProgramEnding} {
		s.Handle(kind, tf.flag)
	}
	s.Handle(JobModuleEnd, tf.moduleEnd)
	s.Handle(JobNotify, tf.notify)
	s.Handle(JobBattery, tf.battery)
	s.Handle(JobActivityMissed, tf.activityMissed)
}

// load reads a flag's job: its FlagJob, the enrolment and its program,
// as loadJob.
func (tf *TimeFlags) load(ctx context.Context, j Job) (*Enrolment, *designer.Program, FlagJob, error) {
	var fj FlagJob
	e, p, err := tf.loadJob(ctx, j, &fj)
	return e, p, fj, err
}

// loadJob decodes the job's payload into data and reads the enrolment and
// its program. A purged or ended enrolment gives a nil state: nothing is
// left to do.
func (tf *TimeFlags) loadJob(ctx context.Context, j Job, data any) (*Enrolment, *designer.Program, error) {
	if err := json.Unmarshal(j.Data, data); err != nil {
		return nil, nil, fmt.Errorf("job %s: decode: %w", j.ID, err)
	}
	e, err := tf.Enrolments.Get(ctx, j.Enrolment)
	if isNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if e.Ended() {
		return nil, nil, nil
	}
	p, err := tf.Programs.Program(ctx, e.Bundle)
	if err != nil {
		return nil, nil, err
	}
	return e, p, nil
}

// flag runs a time-based flag's job.
func (tf *TimeFlags) flag(ctx context.Context, j Job) error {
	e, p, fj, err := tf.load(ctx, j)
	if err != nil || e == nil {
		return err
	}
	i := slices.IndexFunc(p.Flags, func(f *designer.Flag) bool { return f.ID == fj.Flag && f.On == j.Kind })
	if i < 0 {
		return nil // the rule left the program with a new version
	}
	f := p.Flags[i]
	var due time.Time
	var occasion string
	switch j.Kind {
	case JobStart:
		due, occasion = e.StartedAt, OccasionStart
	case JobInactivity:
		since := InactivitySince(e)
		due, occasion = AddDays(since, f.Days), InactivityOccasion(since)
	case JobProgramEnding:
		var ok bool
		if due, ok = ProgramEndingDue(p, e, f.Days); !ok {
			return nil
		}
		occasion = OccasionProgramEnding
	case JobModuleEnding:
		var ok bool
		if due, ok = ModuleEndingDue(p, e, fj.Module, f.Days); !ok {
			return nil // no longer current
		}
		occasion = ModuleOccasion(fj.Module, e.Modules[fj.Module].StartedAt)
	default:
		return fmt.Errorf("job %s: not a time-based flag", j.ID)
	}
	if now := tf.now(); due.After(now) {
		// The state moved it (the citizen was active since, the module
		// started again): run it then instead.
		j.Due, j.Lease, j.Claims = due.UTC(), "", 0
		return tf.Queue.Schedule(ctx, j)
	}
	return tf.fire(ctx, p, e, f, occasion)
}

// fire raises a flag on an occasion as it says: for review when `review:
// true`, and to each of its `notify:` recipients. Both are idempotent per
// occasion.
func (tf *TimeFlags) fire(ctx context.Context, p *designer.Program, e *Enrolment, f *designer.Flag, occasion string) error {
	if f.Review {
		var err error
		e, err = tf.Enrolments.Do(ctx, e.ID, System, RaiseFlagOn(p, f.ID, occasion))
		if errors.Is(err, ErrEnded) || isNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	for _, n := range FlagNotifications(e, f, occasion, tf.now()) {
		if err := tf.Notifier.Notify(ctx, n); err != nil {
			return fmt.Errorf("notify %s: %w", n.Key, err)
		}
	}
	return nil
}

// moduleEnd completes a module whose duration_days have passed.
func (tf *TimeFlags) moduleEnd(ctx context.Context, j Job) error {
	e, p, fj, err := tf.load(ctx, j)
	if err != nil || e == nil {
		return err
	}
	due, ok := ModuleEndDue(p, e, fj.Module)
	if !ok {
		return nil // completed or queued meanwhile, or no duration now
	}
	if due.After(tf.now()) {
		j.Due, j.Lease, j.Claims = due.UTC(), "", 0
		return tf.Queue.Schedule(ctx, j)
	}
	_, err = tf.Enrolments.Do(ctx, e.ID, System, CompleteModule(fj.Module))
	if errors.Is(err, ErrEnded) {
		return nil
	}
	return err
}

// notify delivers one Notification.
func (tf *TimeFlags) notify(ctx context.Context, j Job) error {
	var n Notification
	if err := json.Unmarshal(j.Data, &n); err != nil {
		return fmt.Errorf("job %s: decode: %w", j.ID, err)
	}
	return tf.Notifier.Notify(ctx, n)
}

func (tf *TimeFlags) now() time.Time {
	if tf.Now == nil {
		return time.Now()
	}
	return tf.Now()
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

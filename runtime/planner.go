package runtime

// The Planner (plan.go's jobs, scheduled): after every append it schedules,
// moves and removes the jobs the appended events imply.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// AppendHook is called by the Enrolments service after each successful
// append (Enrolments.AfterAppend), with the state after it and the events
// appended. It runs in the writer's request and must not fail it: it
// logs its own errors.
type AppendHook func(ctx context.Context, e *Enrolment, events []Event)

// Planner keeps the queue in line with the enrolments: set its
// AfterAppend as the Enrolments service's AfterAppend. It reschedules
// only what the events change, and leaves a job alone when its due time
// is unchanged, so that a visit costs one lookup per inactivity flag and
// a reschedule.
type Planner struct {
	Queue    QueueStore
	Programs *Programs
	Log      *slog.Logger
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// Compact plans a JobCompact each time an append takes a log past a
	// multiple of CompactEvery events (compaction.go); set it when the
	// store is a LogCompactor and the scheduler runs Compaction.
	Compact bool
}

// AfterAppend plans the jobs the events imply and logs any failure; it
// is an AppendHook.
func (pl *Planner) AfterAppend(ctx context.Context, e *Enrolment, events []Event) {
	if err := pl.Plan(ctx, e, events); err != nil {
		pl.log().Error("plan jobs", "enrolment", e.ID, "err", err)
	}
}

// Plan schedules, moves and removes the jobs that events, just appended
// and leading to state e, imply.
func (pl *Planner) Plan(ctx context.Context, e *Enrolment, events []Event) error {
	if j, due := CompactJob(e.ID, e.Seq, len(events), pl.now()); due && pl.Compact {
		if err := pl.Queue.Schedule(ctx, j); err != nil {
			return fmt.Errorf("plan %s: %w", e.ID, err)
		}
	}
	var started, replan, ended, visited, activities bool
	var from string
	var submitted, raised []string
	var messages []Event
	for _, ev := range events {
		switch ev.Type {
		case (&EnrolmentStarted{}).EventType():
			started = true
		case (&Visited{}).EventType():
			visited = true
		case (&ModuleStarted{}).EventType(), (&ModuleCompleted{}).EventType(), (&ModuleQueued{}).EventType(),
			(&MaintenanceSet{}).EventType(), (&MaintenanceStarted{}).EventType():
			replan = true
		case (&BundleMoved{}).EventType():
			c, err := ev.Change()
			if err != nil {
				return err
			}
			if from == "" {
				from = c.(*BundleMoved).From
			}
			replan = true
		case (&Ended{}).EventType():
			ended = true
		case (&FormSubmitted{}).EventType():
			submitted = append(submitted, strconv.FormatInt(ev.Seq, 10))
		case (&FlagRaised{}).EventType():
			raised = append(raised, strconv.FormatInt(ev.Seq, 10))
		case (&MessageSent{}).EventType():
			messages = append(messages, ev)
		}
		activities = activities || activityEvent(ev)
	}
	if !started && !replan && !ended && !visited && !activities && len(submitted) == 0 && len(raised) == 0 && len(messages) == 0 {
		return nil
	}
	p, err := pl.Programs.Program(ctx, e.Bundle)
	if err != nil {
		return fmt.Errorf("plan %s: %w", e.ID, err)
	}
	if ended {
		return pl.unschedule(ctx, append(jobIDsOf(p, e.ID), activityJobIDs(p, e.ID)...))
	}
	if started || replan || activities {
		if err := pl.planActivities(ctx, p, e, pl.now()); err != nil {
			return err
		}
	}
	for _, sub := range submitted {
		if err := pl.planSubmission(ctx, p, e, sub); err != nil {
			return err
		}
	}
	for _, ev := range messages {
		ns, err := MessageNotifications(p, e, ev)
		if err != nil {
			return fmt.Errorf("plan %s: %w", e.ID, err)
		}
		for _, n := range ns {
			if err := pl.Queue.Schedule(ctx, NotifyJob(n, pl.now())); err != nil {
				return fmt.Errorf("plan %s: %w", e.ID, err)
			}
		}
	}
	for _, id := range raised {
		if r, ok := e.Review(id); ok {
			for _, j := range UrgentJobs(p, e, r, pl.now()) {
				if err := pl.Queue.Schedule(ctx, j); err != nil {
					return fmt.Errorf("plan %s: %w", e.ID, err)
				}
			}
		}
	}
	if started {
		for _, j := range StartJobs(p, e) {
			if err := pl.Queue.Schedule(ctx, j); err != nil {
				return fmt.Errorf("plan %s: %w", e.ID, err)
			}
		}
	}
	if started || replan {
		// Just started, the batteries plan from the start, so that an
		// at_start occasion gets its job.
		now := pl.now()
		after := now
		if started {
			after = BeforeStart(e)
		}
		if err := pl.planBatteries(ctx, p, e, after, now); err != nil {
			return err
		}
		return pl.Replan(ctx, p, e, from)
	}
	if visited {
		for _, j := range PlanJobs(p, e) {
			if j.Kind == JobInactivity {
				if err := pl.Queue.Schedule(ctx, j); err != nil {
					return fmt.Errorf("plan %s: %w", e.ID, err)
				}
			}
		}
	}
	return nil
}

// Replan brings the queue in line with PlanJobs for an enrolment under p:
// it schedules a planned job whose due time or payload changed (a
// pending one is moved; a missing one is added unless it is already due,
// as it then has run), and removes the jobs of p that are no longer
// planned, and, when the enrolment moved from bundle from, those of the
// old program. The `start` jobs and the batteries' (planBatteries) are
// left alone.
func (pl *Planner) Replan(ctx context.Context, p *designer.Program, e *Enrolment, from string) error {
	planned := PlanJobs(p, e)
	keep := map[string]bool{}
	now := pl.now()
	for _, j := range planned {
		keep[j.ID] = true
		old, err := pl.Queue.Job(ctx, j.ID)
		switch {
		case err == nil:
			if old.Due.Equal(j.Due) && old.Kind == j.Kind && string(old.Data) == string(j.Data) {
				continue
			}
		case isNotFound(err):
			if !j.Due.After(now) {
				continue
			}
		default:
			return fmt.Errorf("plan %s: %w", e.ID, err)
		}
		if err := pl.Queue.Schedule(ctx, j); err != nil {
			return fmt.Errorf("plan %s: %w", e.ID, err)
		}
	}
	ids := jobIDsOf(p, e.ID)
	if from != "" && from != e.Bundle {
		if old, err := pl.Programs.Program(ctx, from); err == nil {
			ids = append(ids, jobIDsOf(old, e.ID)...)
		} else {
			pl.log().Warn("plan: old program not read; its jobs end by themselves", "enrolment", e.ID, "bundle", from, "err", err)
		}
	}
	slices.Sort(ids)
	var drop []string
	for _, id := range slices.Compact(ids) {
		if !keep[id] && !strings.HasPrefix(id, JobStart+":") && !strings.HasPrefix(id, JobBattery+":") {
			drop = append(drop, id)
		}
	}
	return pl.unschedule(ctx, drop)
}

// planSubmission schedules the notifications of the flags that a
// submission raises and that notify someone, keyed by the submission.
func (pl *Planner) planSubmission(ctx context.Context, p *designer.Program, e *Enrolment, id string) error {
	sub, ok := e.Submission(id)
	if !ok {
		return fmt.Errorf("plan %s: no submission %s: %w", e.ID, id, ErrNotFound)
	}
	f, ok := p.Form(sub.Form)
	if !ok {
		return fmt.Errorf("plan %s: form %s not in %s: %w", e.ID, sub.Form, e.Bundle, ErrNotFound)
	}
	for _, fl := range FlagsOnSubmit(p, f, sub.Answers) {
		for _, n := range FlagNotifications(e, fl, SubmissionOccasion(id), sub.SubmittedAt) {
			if err := pl.Queue.Schedule(ctx, NotifyJob(n, pl.now())); err != nil {
				return fmt.Errorf("plan %s: %w", e.ID, err)
			}
		}
	}
	return nil
}

// NotifyJob is the job that delivers n, due at due; its id is the
// notification's key, so that asking twice schedules one job.
func NotifyJob(n Notification, due time.Time) Job {
	data, _ := json.Marshal(n)
	return Job{ID: JobNotify + ":" + n.Key, Kind: JobNotify, Enrolment: n.Enrolment, Due: due.UTC(), Data: data}
}

// alignJobs brings the queue in line with jobs, the jobs one kind of an
// enrolment's should have (planBatteries, planActivities): each is
// scheduled unless the queue holds it at the same time, or holds it
// already due at now and not yet run, which is left to run; every id of
// ids (all the jobs of that kind it can have) that jobs lack is
// unscheduled. what names the planning in errors ("plan batteries e1").
func (pl *Planner) alignJobs(ctx context.Context, jobs []Job, ids []string, now time.Time, what string) error {
	keep := map[string]bool{}
	for _, j := range jobs {
		keep[j.ID] = true
		old, err := pl.Queue.Job(ctx, j.ID)
		switch {
		case err == nil:
			if old.Due.Equal(j.Due) || !old.Due.After(now) {
				continue
			}
		case !isNotFound(err):
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := pl.Queue.Schedule(ctx, j); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	var drop []string
	for _, id := range ids {
		if !keep[id] {
			drop = append(drop, id)
		}
	}
	return pl.unschedule(ctx, drop)
}

func (pl *Planner) unschedule(ctx context.Context, ids []string) error {
	for _, id := range ids {
		if err := pl.Queue.Unschedule(ctx, id); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	return nil
}

func (pl *Planner) now() time.Time {
	if pl.Now == nil {
		return time.Now()
	}
	return pl.Now()
}

func (pl *Planner) log() *slog.Logger {
	if pl.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return pl.Log
}

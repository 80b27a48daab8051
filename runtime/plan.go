package runtime

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

// Planning: the jobs an enrolment's state implies. Events imply them: a
// started program its `start` flags, its inactivity checks and its
// program-ending checks; a started module its module-ending checks and its
// own end after `duration_days`; a visit moves the inactivity checks; a
// bundle moved to a new minor version plans again from the new program.
// PlanJobs computes them from the state alone, so that the runtime and a
// simulation plan alike; the Planner keeps the queue in line with it after
// every append.

// Job kinds the planner schedules and TimeFlags handles.
const (
	JobStart         = designer.TriggerStart         // a `start` flag, due at the start
	JobInactivity    = designer.TriggerInactivity    // an `inactivity` flag, due days after the last activity
	JobModuleEnding  = designer.TriggerModuleEnding  // a `module_ending` flag, due days before a module's end
	JobProgramEnding = designer.TriggerProgramEnding // a `program_ending` flag, due days before recommended_days
	JobModuleEnd     = "module_end"                  // a current module's end after its duration_days
	JobNotify        = "notify"                      // one Notification, due at once
)

// FlagJob is the payload (Job.Data) of the planned jobs: the rule and, for
// module jobs, the module.
type FlagJob struct {
	// Flag is the flag's id; empty for JobModuleEnd.
	Flag   string `json:"f,omitempty"`
	Module string `json:"m,omitempty"`
}

// JobID names the job of kind for an enrolment, its rule (a flag or a
// module id) and, where a rule has several pending at once, its part
// (the module of a module_ending flag). The id is the same for every
// occasion of the rule, so that planning again replaces the pending job
// instead of adding one; the occasion a job fires on is decided from the
// state when it runs (Occasion), and raising is idempotent per occasion.
func JobID(kind, enrolment, rule, part string) string {
	id := kind + ":" + enrolment + ":" + rule
	if part != "" {
		id += ":" + part
	}
	return id
}

func flagJob(kind string, e *Enrolment, f *designer.Flag, module string, due time.Time) Job {
	data, _ := json.Marshal(FlagJob{Flag: f.ID, Module: module})
	return Job{ID: JobID(kind, e.ID, f.ID, module), Kind: kind, Enrolment: e.ID, Due: due.UTC(), Data: data}
}

// InactivitySince is when the citizen was last active in the enrolment:
// LastActive, or the start if they never were.
func InactivitySince(e *Enrolment) time.Time {
	if e.LastActive.After(e.StartedAt) {
		return e.LastActive
	}
	return e.StartedAt
}

// InactivityDue is when an `inactivity` flag of days fires: days local
// calendar days after the last activity, at the same clock time.
func InactivityDue(e *Enrolment, days int) time.Time { return AddDays(InactivitySince(e), days) }

// ProgramEndingDue is when a `program_ending` flag of days fires: the
// morning of day recommended_days − days (day 0 is the start's local
// date). ok is false when the program sets no recommended_days.
func ProgramEndingDue(p *designer.Program, e *Enrolment, days int) (due time.Time, ok bool) {
	if p.RecommendedDays <= 0 {
		return time.Time{}, false
	}
	return MorningOfDay(e.StartedAt, max(p.RecommendedDays-days, 0)), true
}

// ModuleEndDue is when a current module ends: duration_days local days
// after it started, at the same clock time. ok is false for a module
// that is not current or has no duration_days.
func ModuleEndDue(p *designer.Program, e *Enrolment, module string) (due time.Time, ok bool) {
	m, ok := p.Module(module)
	st := e.Modules[module]
	if !ok || m.DurationDays <= 0 || st == nil || st.Status != StatusCurrent {
		return time.Time{}, false
	}
	return AddDays(st.StartedAt, m.DurationDays), true
}

// ModuleEndingDue is when a `module_ending` flag of days fires for a
// current module: the morning of day duration_days − days of the module
// (day 0 is the local date it started).
func ModuleEndingDue(p *designer.Program, e *Enrolment, module string, days int) (due time.Time, ok bool) {
	m, ok := p.Module(module)
	st := e.Modules[module]
	if !ok || m.DurationDays <= 0 || st == nil || st.Status != StatusCurrent {
		return time.Time{}, false
	}
	return MorningOfDay(st.StartedAt, max(m.DurationDays-days, 0)), true
}

// StartJobs returns the jobs of the program's `start` flags, due at the
// start.
func StartJobs(p *designer.Program, e *Enrolment) []Job {
	var out []Job
	for _, f := range p.Flags {
		if f.On == designer.TriggerStart {
			out = append(out, flagJob(JobStart, e, f, "", e.StartedAt))
		}
	}
	return out
}

// PlanJobs returns the time-based jobs an enrolment's state implies
// under its program, `start` flags aside (StartJobs): its inactivity and
// program-ending checks, and for each current module with duration_days
// its module-ending checks and its end. An ended enrolment has none. In
// maintenance the jobs stay planned; their handlers leave out what asks
// the citizen to write.
func PlanJobs(p *designer.Program, e *Enrolment) []Job {
	if e.Ended() {
		return nil
	}
	var out []Job
	current := e.ModulesWith(StatusCurrent)
	for _, f := range p.Flags {
		switch f.On {
		case designer.TriggerInactivity:
			out = append(out, flagJob(JobInactivity, e, f, "", InactivityDue(e, f.Days)))
		case designer.TriggerProgramEnding:
			if due, ok := ProgramEndingDue(p, e, f.Days); ok {
				out = append(out, flagJob(JobProgramEnding, e, f, "", due))
			}
		case designer.TriggerModuleEnding:
			for _, m := range current {
				if due, ok := ModuleEndingDue(p, e, m, f.Days); ok {
					out = append(out, flagJob(JobModuleEnding, e, f, m, due))
				}
			}
		}
	}
	for _, m := range current {
		if due, ok := ModuleEndDue(p, e, m); ok {
			data, _ := json.Marshal(FlagJob{Module: m})
			out = append(out, Job{ID: JobID(JobModuleEnd, e.ID, m, ""), Kind: JobModuleEnd, Enrolment: e.ID, Due: due.UTC(), Data: data})
		}
	}
	return out
}

// jobIDsOf returns the id of every job that PlanJobs or StartJobs could
// give an enrolment under p, for unscheduling what is no longer planned.
func jobIDsOf(p *designer.Program, id string) []string {
	var out []string
	for _, f := range p.Flags {
		switch f.On {
		case designer.TriggerStart, designer.TriggerInactivity, designer.TriggerProgramEnding:
			out = append(out, JobID(f.On, id, f.ID, ""))
		case designer.TriggerModuleEnding:
			for _, m := range p.Modules {
				out = append(out, JobID(f.On, id, f.ID, m.ID))
			}
		}
	}
	for _, m := range p.Modules {
		out = append(out, JobID(JobModuleEnd, id, m.ID, ""))
	}
	for _, b := range p.Batteries {
		out = append(out, JobID(JobBattery, id, b.ID, ""))
	}
	return out
}

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

package runtime

import (
	"encoding/json"
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

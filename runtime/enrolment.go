package runtime

import (
	"slices"
	"strings"
	"time"
)

// SnapshotSchema is the version of the fold. Bump it when Apply changes
// what it makes of an event; the service then refolds older snapshots from
// their log instead of trusting them.
const SnapshotSchema = 1

// Enrolment is one citizen's running instance of a program ("moment"): the
// fold of its event log. Maps are keyed by StepKey(module, step) where
// they concern steps. The zero value is the state before the first event.
type Enrolment struct {
	// Schema is the SnapshotSchema the state was folded with.
	Schema int `json:"schema"`
	// Seq is the sequence number of the last event applied; the next
	// append expects it.
	Seq int64 `json:"seq"`

	ID      string `json:"id"`
	Program string `json:"program"`
	// Bundle is the bundle the enrolment is pinned to, e.g.
	// "stress@1.2+3fa2b1c0d4e5"; it changes only by BundleMoved.
	Bundle string `json:"bundle"`
	Unit   string `json:"unit"`
	// Citizen is the citizen's personal identity number, 12 digits.
	Citizen     string `json:"citizen"`
	CitizenName string `json:"citizen_name"`
	// Clinician is the staff id of the responsible clinician.
	Clinician string `json:"clinician"`

	StartedAt time.Time `json:"started_at"`
	// LastActive is the last time the citizen (or a guardian) did anything.
	LastActive time.Time `json:"last_active,omitzero"`
	// Mobile is the citizen's mobile number when they share it for
	// notifications; empty otherwise.
	Mobile string `json:"mobile,omitempty"`
	// Welcome overrides the program's welcome text when not empty. It is
	// plain text written by the clinician.
	Welcome string `json:"welcome,omitempty"`

	Modules map[string]*ModuleState `json:"modules,omitempty"`
	// Hidden holds the steps the clinician has hidden from the citizen.
	Hidden map[string]bool `json:"hidden,omitempty"`
	// Opened records when the citizen opened each step.
	Opened map[string]*Opened `json:"opened,omitempty"`
	// Drafts holds unsubmitted answers per step.
	Drafts map[string]*Draft `json:"drafts,omitempty"`
	// Submissions are the submitted forms, oldest first.
	Submissions []*Submission `json:"submissions,omitempty"`
	// Reviews are the events raised by flags for the clinician, oldest first.
	Reviews []*Review `json:"reviews,omitempty"`

	// Maintenance is the read-only period after treatment ("vidmakthållande").
	Maintenance bool `json:"maintenance,omitempty"`

	// EndedAt is when the enrolment ended; zero while it runs.
	EndedAt   time.Time `json:"ended_at,omitzero"`
	EndReason string    `json:"end_reason,omitempty"`
}

// Module statuses, as the citizen's module list groups them.
const (
	StatusUpcoming  = "upcoming"
	StatusCurrent   = "current"
	StatusCompleted = "completed"
)

// ModuleState is where one module stands for the citizen.
type ModuleState struct {
	Status      string    `json:"status"`
	StartedAt   time.Time `json:"started_at,omitzero"`
	CompletedAt time.Time `json:"completed_at,omitzero"`
}

// Opened is when a step was first and last opened by the citizen.
type Opened struct {
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	Count int       `json:"n"`
}

// Draft is the answers to a step's form saved before submitting.
type Draft struct {
	Form    string              `json:"form"`
	Answers map[string][]string `json:"answers"`
	SavedAt time.Time           `json:"saved_at"`
}

// Submission is one submitted form.
type Submission struct {
	// ID is the sequence number of the FormSubmitted event, as a string.
	ID          string              `json:"id"`
	Form        string              `json:"form"`
	FormVersion string              `json:"form_version"`
	Module      string              `json:"module,omitempty"`
	Step        string              `json:"step,omitempty"`
	Answers     map[string][]string `json:"answers"`
	SubmittedAt time.Time           `json:"submitted_at"`
	// ReadAt and ReadBy record when the clinician first read it.
	ReadAt time.Time `json:"read_at,omitzero"`
	ReadBy string    `json:"read_by,omitempty"`
}

// Review is an event raised by a flag for the clinician to review
// ("händelse att granska").
type Review struct {
	// ID is the sequence number of the FlagRaised event, as a string.
	ID     string `json:"id"`
	Flag   string `json:"flag"`
	Urgent bool   `json:"urgent,omitempty"`
	// Submission is the id of the submission that raised it, if any.
	Submission string    `json:"submission,omitempty"`
	RaisedAt   time.Time `json:"raised_at"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`
	ReviewedBy string    `json:"reviewed_by,omitempty"`
}

// StepKey is the key of a step in Enrolment's maps. Step ids are unique
// within a module, so the pair is unique in a program.
func StepKey(module, step string) string { return module + "/" + step }

// SplitStepKey splits a StepKey into module and step.
func SplitStepKey(key string) (module, step string) {
	module, step, _ = strings.Cut(key, "/")
	return module, step
}

// Ended reports whether the enrolment has ended.
func (e *Enrolment) Ended() bool { return !e.EndedAt.IsZero() }

// ModuleStatus returns the status of a module; a module the enrolment has
// no record of is upcoming.
func (e *Enrolment) ModuleStatus(id string) string {
	if m, ok := e.Modules[id]; ok {
		return m.Status
	}
	return StatusUpcoming
}

// ModulesWith returns the ids of the modules with the given status, sorted.
func (e *Enrolment) ModulesWith(status string) []string {
	var ids []string
	for id, m := range e.Modules {
		if m.Status == status {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// StepHidden reports whether the clinician has hidden a step.
func (e *Enrolment) StepHidden(module, step string) bool { return e.Hidden[StepKey(module, step)] }

// CanOpen reports whether the citizen may open a step of the program: its
// module has started (current or completed) and the clinician has not
// hidden it. Whether the step exists is the program's to say. The
// decisions and the pages both ask this, so they never disagree.
func (e *Enrolment) CanOpen(module, step string) bool {
	return e.ModuleStatus(module) != StatusUpcoming && !e.StepHidden(module, step)
}

// ReadOnly reports whether the citizen may only read: during maintenance
// and after the end. Commands that write the citizen's answers are refused
// then, with ErrReadOnly or ErrEnded.
func (e *Enrolment) ReadOnly() bool { return e.Ended() || e.Maintenance }

// Submission returns the submission with the given id.
func (e *Enrolment) Submission(id string) (*Submission, bool) {
	for _, s := range e.Submissions {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// Review returns the review with the given id.
func (e *Enrolment) Review(id string) (*Review, bool) {
	for _, r := range e.Reviews {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// Unreviewed returns the reviews not yet reviewed, urgent ones first, then
// oldest first.
func (e *Enrolment) Unreviewed() []*Review {
	var out []*Review
	for _, r := range e.Reviews {
		if r.ReviewedAt.IsZero() {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *Review) int {
		switch {
		case a.Urgent == b.Urgent:
			return a.RaisedAt.Compare(b.RaisedAt)
		case a.Urgent:
			return -1
		}
		return 1
	})
	return out
}

// Unread returns the submissions the clinician has not read, oldest first.
func (e *Enrolment) Unread() []*Submission {
	var out []*Submission
	for _, s := range e.Submissions {
		if s.ReadAt.IsZero() {
			out = append(out, s)
		}
	}
	return out
}

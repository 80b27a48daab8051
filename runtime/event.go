package runtime

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// Event is one change to an enrolment, as stored in its log. Data is the
// JSON of a Change whose EventType is Type.
//
// Events are versioned by their type: a payload may gain optional fields,
// and a change that older code would misread gets a new type name while the
// old one stays decodable, so every log ever written can be folded.
type Event struct {
	// Seq numbers the events of one log from 1 without gaps.
	Seq int64
	// At is when the event happened, to the millisecond.
	At    time.Time
	Actor Actor
	Type  string
	Data  json.RawMessage
}

// eventJSON is the stored form of an Event: short keys and the time as Unix
// milliseconds, because a log holds hundreds of them.
type eventJSON struct {
	Seq   int64           `json:"n"`
	At    int64           `json:"at"`
	Actor Actor           `json:"by"`
	Type  string          `json:"t"`
	Data  json.RawMessage `json:"d,omitempty"`
}

// MarshalJSON encodes the event in its compact stored form.
func (ev Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(eventJSON{Seq: ev.Seq, At: ev.At.UnixMilli(), Actor: ev.Actor, Type: ev.Type, Data: ev.Data})
}

// UnmarshalJSON decodes the stored form written by MarshalJSON.
func (ev *Event) UnmarshalJSON(b []byte) error {
	var j eventJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*ev = Event{Seq: j.Seq, At: time.UnixMilli(j.At).UTC(), Actor: j.Actor, Type: j.Type, Data: j.Data}
	return nil
}

// Change is the payload of an event: one of the types in this file. The set
// is closed; Apply knows each of them.
type Change interface {
	// EventType is the type name stored with the event.
	EventType() string
	apply(e *Enrolment, ev Event)
}

var changes = map[string]func() Change{}

func register(f func() Change) { changes[f().EventType()] = f }

func init() {
	register(func() Change { return new(EnrolmentStarted) })
	register(func() Change { return new(Visited) })
	register(func() Change { return new(ModuleStarted) })
	register(func() Change { return new(ModuleCompleted) })
	register(func() Change { return new(ModuleQueued) })
	register(func() Change { return new(StepOpened) })
	register(func() Change { return new(StepHidden) })
	register(func() Change { return new(StepShown) })
	register(func() Change { return new(WelcomeEdited) })
	register(func() Change { return new(DraftSaved) })
	register(func() Change { return new(DraftDiscarded) })
	register(func() Change { return new(FormSubmitted) })
	register(func() Change { return new(FormRead) })
	register(func() Change { return new(FlagRaised) })
	register(func() Change { return new(FlagReviewed) })
	register(func() Change { return new(ClinicianChanged) })
	register(func() Change { return new(MobileShared) })
	register(func() Change { return new(BundleMoved) })
	register(func() Change { return new(MaintenanceSet) })
	register(func() Change { return new(Ended) })
}

// EventTypes lists every event type name, sorted.
func EventTypes() []string { return slices.Sorted(maps.Keys(changes)) }

// NewEvent makes the event that records c, done by actor at at. Seq is left
// for the service to number.
func NewEvent(at time.Time, actor Actor, c Change) (Event, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return Event{}, fmt.Errorf("encode %s: %w", c.EventType(), err)
	}
	if string(data) == "{}" {
		// Stored without a payload, so keep none in memory either.
		data = nil
	}
	return Event{At: at.UTC().Truncate(time.Millisecond), Actor: actor, Type: c.EventType(), Data: data}, nil
}

// Change decodes the event's payload.
func (ev Event) Change() (Change, error) {
	f, ok := changes[ev.Type]
	if !ok {
		return nil, fmt.Errorf("event %d: unknown type %q", ev.Seq, ev.Type)
	}
	c := f()
	if len(ev.Data) > 0 {
		if err := json.Unmarshal(ev.Data, c); err != nil {
			return nil, fmt.Errorf("event %d: decode %s: %w", ev.Seq, ev.Type, err)
		}
	}
	return c, nil
}

// Apply folds one event into the state. Events must come in order: ev.Seq
// is e.Seq+1, and the first is EnrolmentStarted. Apply trusts what the log
// says happened; commands are checked before their events are written (see
// the decisions in decide.go), not when they are folded.
func (e *Enrolment) Apply(ev Event) error {
	if ev.Seq != e.Seq+1 {
		return fmt.Errorf("apply event %d after %d: sequence gap", ev.Seq, e.Seq)
	}
	c, err := ev.Change()
	if err != nil {
		return err
	}
	if _, first := c.(*EnrolmentStarted); first != (e.Seq == 0) {
		return fmt.Errorf("apply event %d: %s must be the first event and only the first", ev.Seq, (&EnrolmentStarted{}).EventType())
	}
	c.apply(e, ev)
	e.Seq = ev.Seq
	e.Schema = SnapshotSchema
	if ev.Actor.ActsAsCitizen() && ev.At.After(e.LastActive) {
		e.LastActive = ev.At
	}
	return nil
}

// Fold returns the state after the events, which start at sequence 1.
func Fold(events []Event) (*Enrolment, error) {
	e := new(Enrolment)
	for _, ev := range events {
		if err := e.Apply(ev); err != nil {
			return nil, err
		}
	}
	if e.Seq == 0 {
		return nil, fmt.Errorf("fold: no events: %w", ErrNotFound)
	}
	return e, nil
}

func (e *Enrolment) module(id string) *ModuleState {
	if e.Modules == nil {
		e.Modules = map[string]*ModuleState{}
	}
	m, ok := e.Modules[id]
	if !ok {
		m = &ModuleState{Status: StatusUpcoming}
		e.Modules[id] = m
	}
	return m
}

// without deletes key from m and returns nil for an empty map, so that a
// state decoded from its snapshot equals the state it was encoded from.
func without[V any](m map[string]V, key string) map[string]V {
	delete(m, key)
	if len(m) == 0 {
		return nil
	}
	return m
}

// EnrolmentStarted is the first event of every log.
type EnrolmentStarted struct {
	ID          string `json:"id"`
	Program     string `json:"program"`
	Bundle      string `json:"bundle"`
	Unit        string `json:"unit"`
	Citizen     string `json:"citizen"`
	CitizenName string `json:"name"`
	Clinician   string `json:"clinician"`
	// Current and Upcoming are the modules' statuses at start.
	Current  []string `json:"current,omitempty"`
	Upcoming []string `json:"upcoming,omitempty"`
	Welcome  string   `json:"welcome,omitempty"`
}

// EventType returns "started".
func (*EnrolmentStarted) EventType() string { return "started" }

func (c *EnrolmentStarted) apply(e *Enrolment, ev Event) {
	e.ID, e.Program, e.Bundle, e.Unit = c.ID, c.Program, c.Bundle, c.Unit
	e.Citizen, e.CitizenName, e.Clinician = c.Citizen, c.CitizenName, c.Clinician
	e.StartedAt = ev.At
	e.Welcome = c.Welcome
	for _, id := range c.Upcoming {
		e.module(id)
	}
	for _, id := range c.Current {
		m := e.module(id)
		m.Status, m.StartedAt = StatusCurrent, ev.At
	}
}

// Visited records that the citizen signed in or came back to the program.
// It only moves LastActive, which every citizen event does.
type Visited struct{}

// EventType returns "visited".
func (*Visited) EventType() string { return "visited" }

func (*Visited) apply(*Enrolment, Event) {}

// ModuleStarted makes a module current.
type ModuleStarted struct {
	Module string `json:"module"`
}

// EventType returns "module_started".
func (*ModuleStarted) EventType() string { return "module_started" }

func (c *ModuleStarted) apply(e *Enrolment, ev Event) {
	m := e.module(c.Module)
	m.Status, m.StartedAt, m.CompletedAt = StatusCurrent, ev.At, time.Time{}
}

// ModuleCompleted marks a module completed.
type ModuleCompleted struct {
	Module string `json:"module"`
}

// EventType returns "module_completed".
func (*ModuleCompleted) EventType() string { return "module_completed" }

func (c *ModuleCompleted) apply(e *Enrolment, ev Event) {
	m := e.module(c.Module)
	m.Status, m.CompletedAt = StatusCompleted, ev.At
}

// ModuleQueued puts a module back among the upcoming ones.
type ModuleQueued struct {
	Module string `json:"module"`
}

// EventType returns "module_queued".
func (*ModuleQueued) EventType() string { return "module_queued" }

func (c *ModuleQueued) apply(e *Enrolment, _ Event) {
	m := e.module(c.Module)
	m.Status, m.StartedAt, m.CompletedAt = StatusUpcoming, time.Time{}, time.Time{}
}

// StepOpened records that the citizen opened a step.
type StepOpened struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "step_opened".
func (*StepOpened) EventType() string { return "step_opened" }

func (c *StepOpened) apply(e *Enrolment, ev Event) {
	if e.Opened == nil {
		e.Opened = map[string]*Opened{}
	}
	k := StepKey(c.Module, c.Step)
	o, ok := e.Opened[k]
	if !ok {
		o = &Opened{First: ev.At}
		e.Opened[k] = o
	}
	o.Last = ev.At
	o.Count++
}

// StepHidden hides a step from the citizen.
type StepHidden struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "step_hidden".
func (*StepHidden) EventType() string { return "step_hidden" }

func (c *StepHidden) apply(e *Enrolment, _ Event) {
	if e.Hidden == nil {
		e.Hidden = map[string]bool{}
	}
	e.Hidden[StepKey(c.Module, c.Step)] = true
}

// StepShown shows a hidden step again.
type StepShown struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "step_shown".
func (*StepShown) EventType() string { return "step_shown" }

func (c *StepShown) apply(e *Enrolment, _ Event) {
	e.Hidden = without(e.Hidden, StepKey(c.Module, c.Step))
}

// WelcomeEdited replaces the welcome text; empty restores the program's.
type WelcomeEdited struct {
	Text string `json:"text"`
}

// EventType returns "welcome_edited".
func (*WelcomeEdited) EventType() string { return "welcome_edited" }

func (c *WelcomeEdited) apply(e *Enrolment, _ Event) { e.Welcome = c.Text }

// DraftSaved keeps the answers of a step's form before it is submitted.
type DraftSaved struct {
	Module  string              `json:"module"`
	Step    string              `json:"step"`
	Form    string              `json:"form"`
	Answers map[string][]string `json:"answers"`
}

// EventType returns "draft_saved".
func (*DraftSaved) EventType() string { return "draft_saved" }

func (c *DraftSaved) apply(e *Enrolment, ev Event) {
	if e.Drafts == nil {
		e.Drafts = map[string]*Draft{}
	}
	e.Drafts[StepKey(c.Module, c.Step)] = &Draft{Form: c.Form, Answers: c.Answers, SavedAt: ev.At}
}

// DraftDiscarded throws a draft away.
type DraftDiscarded struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "draft_discarded".
func (*DraftDiscarded) EventType() string { return "draft_discarded" }

func (c *DraftDiscarded) apply(e *Enrolment, _ Event) {
	e.Drafts = without(e.Drafts, StepKey(c.Module, c.Step))
}

// FormSubmitted records a submitted form and drops the step's draft. The
// submission's id is the event's sequence number.
type FormSubmitted struct {
	Module  string              `json:"module,omitempty"`
	Step    string              `json:"step,omitempty"`
	Form    string              `json:"form"`
	Version string              `json:"version"`
	Answers map[string][]string `json:"answers"`
}

// EventType returns "form_submitted".
func (*FormSubmitted) EventType() string { return "form_submitted" }

func (c *FormSubmitted) apply(e *Enrolment, ev Event) {
	e.Submissions = append(e.Submissions, &Submission{
		ID: strconv.FormatInt(ev.Seq, 10), Form: c.Form, FormVersion: c.Version,
		Module: c.Module, Step: c.Step, Answers: c.Answers, SubmittedAt: ev.At,
	})
	if c.Step != "" {
		e.Drafts = without(e.Drafts, StepKey(c.Module, c.Step))
	}
}

// FormRead records that the clinician read a submission.
type FormRead struct {
	Submission string `json:"submission"`
}

// EventType returns "form_read".
func (*FormRead) EventType() string { return "form_read" }

func (c *FormRead) apply(e *Enrolment, ev Event) {
	if s, ok := e.Submission(c.Submission); ok && s.ReadAt.IsZero() {
		s.ReadAt, s.ReadBy = ev.At, ev.Actor.ID
	}
}

// FlagRaised raises an event for the clinician to review. The review's id
// is the event's sequence number.
type FlagRaised struct {
	Flag   string `json:"flag"`
	Urgent bool   `json:"urgent,omitempty"`
	// Submission is the id of the submission whose answers raised it.
	Submission string `json:"submission,omitempty"`
}

// EventType returns "flag_raised".
func (*FlagRaised) EventType() string { return "flag_raised" }

func (c *FlagRaised) apply(e *Enrolment, ev Event) {
	e.Reviews = append(e.Reviews, &Review{
		ID: strconv.FormatInt(ev.Seq, 10), Flag: c.Flag, Urgent: c.Urgent,
		Submission: c.Submission, RaisedAt: ev.At,
	})
}

// FlagReviewed marks a raised flag as reviewed.
type FlagReviewed struct {
	Review string `json:"review"`
}

// EventType returns "flag_reviewed".
func (*FlagReviewed) EventType() string { return "flag_reviewed" }

func (c *FlagReviewed) apply(e *Enrolment, ev Event) {
	if r, ok := e.Review(c.Review); ok && r.ReviewedAt.IsZero() {
		r.ReviewedAt, r.ReviewedBy = ev.At, ev.Actor.ID
	}
}

// ClinicianChanged hands the enrolment to another responsible clinician.
type ClinicianChanged struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// EventType returns "clinician_changed".
func (*ClinicianChanged) EventType() string { return "clinician_changed" }

func (c *ClinicianChanged) apply(e *Enrolment, _ Event) { e.Clinician = c.To }

// MobileShared records the mobile number the citizen shares for
// notifications; empty withdraws it.
type MobileShared struct {
	Mobile string `json:"mobile"`
}

// EventType returns "mobile_shared".
func (*MobileShared) EventType() string { return "mobile_shared" }

func (c *MobileShared) apply(e *Enrolment, _ Event) { e.Mobile = c.Mobile }

// BundleMoved pins the enrolment to another bundle of its program, as when
// a new minor version is rolled out.
type BundleMoved struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// EventType returns "bundle_moved".
func (*BundleMoved) EventType() string { return "bundle_moved" }

func (c *BundleMoved) apply(e *Enrolment, _ Event) { e.Bundle = c.To }

// MaintenanceSet starts or stops the maintenance period.
type MaintenanceSet struct {
	On bool `json:"on"`
}

// EventType returns "maintenance_set".
func (*MaintenanceSet) EventType() string { return "maintenance_set" }

func (c *MaintenanceSet) apply(e *Enrolment, _ Event) { e.Maintenance = c.On }

// End reasons a clinician picks from.
const (
	EndCompleted    = "completed"    // the program was completed
	EndDiscontinued = "discontinued" // the citizen stopped
	EndNoShow       = "no_show"      // the citizen never started
	EndOther        = "other"
)

// EndReasons lists the end reasons.
var EndReasons = []string{EndCompleted, EndDiscontinued, EndNoShow, EndOther}

// Ended ends the enrolment; it is read-only afterwards.
type Ended struct {
	Reason string `json:"reason"`
}

// EventType returns "ended".
func (*Ended) EventType() string { return "ended" }

func (c *Ended) apply(e *Enrolment, ev Event) { e.EndedAt, e.EndReason = ev.At, c.Reason }

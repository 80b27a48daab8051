package runtime

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Event is one change to an enrolment, as stored in its log. Data is the
// JSON of a Change whose EventType is Type.
//
// Events are versioned by their type: a payload may gain optional fields,
// and a change that older code would misread gets a new type name while the
// old one stays decodable, so every log ever written can be folded.
type Event struct {
	// Seq numbers the events of one log from 1 without gaps, but for the
	// numbers of the events an ActivityFolded stands for.
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

// Change is the payload of an event. The set is closed: each idea's file
// (lifecycle.go, modules.go, forms.go, flags.go) declares its changes and
// registers them in its init, and Apply knows each of them.
type Change interface {
	// EventType is the type name stored with the event.
	EventType() string
	apply(e *Enrolment, ev Event)
}

var changes = map[string]func() Change{}

// register makes a Change decodable by its type name; each idea's file
// registers its own changes in its init.
func register(f func() Change) { changes[f().EventType()] = f }

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
// is e.Seq+1 (or, after an ActivityFolded, up to its Through+1), and the
// first is EnrolmentStarted. Apply trusts what the log
// says happened; commands are checked before their events are written (see
// the decisions beside each change), not when they are folded.
func (e *Enrolment) Apply(ev Event) error {
	// The numbers an ActivityFolded stands for may be skipped, up to its
	// Through; no others.
	if ev.Seq != e.Seq+1 && (ev.Seq <= e.Seq || ev.Seq > e.foldedThrough+1) {
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
	if e.Seq > e.foldedThrough {
		e.foldedThrough = 0
	}
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

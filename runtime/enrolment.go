package runtime

import (
	"context"
	"errors"
	"fmt"
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
// The methods that read it live with their idea: modules.go, forms.go,
// flags.go, lifecycle.go.
type Enrolment struct {
	// Schema is the SnapshotSchema the state was folded with.
	Schema int `json:"schema"`
	// Seq is the sequence number of the last event applied; the next
	// append expects it.
	Seq int64 `json:"seq"`
	// foldedThrough is the Through of the ActivityFolded being folded
	// over, while Apply is within the stretch it stands for; 0 after.
	foldedThrough int64
	// memo holds what pages derived from the state while it is shared
	// (Memo); nil on any other.
	memo *memo

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
	// Conversations are the messages' and page comments' conversations,
	// oldest started first, without their messages (messages.go).
	Conversations []*Conversation `json:"conversations,omitempty"`
	// PlanStates holds what the clinician and the citizen changed of
	// each activity plan, by plan id (activities.go).
	PlanStates map[string]*PlanState `json:"plans,omitempty"`

	// Maintenance is the read-only period after treatment ("vidmakthållande").
	Maintenance bool `json:"maintenance,omitempty"`
	// MaintenanceFrom is when it started and MaintenanceDays its length
	// in local calendar days; 0 for a period from an older log, which has
	// no end. MaintenanceHidden are the modules it hides from the citizen.
	MaintenanceFrom   time.Time `json:"maintenance_from,omitzero"`
	MaintenanceDays   int       `json:"maintenance_days,omitempty"`
	MaintenanceHidden []string  `json:"maintenance_hidden,omitempty"`

	// EndedAt is when the enrolment ended; zero while it runs.
	EndedAt   time.Time `json:"ended_at,omitzero"`
	EndReason string    `json:"end_reason,omitempty"`

	// HandoverTo is the unit the enrolment is being handed over to,
	// while that unit has not answered (handover.go); empty otherwise.
	HandoverTo string `json:"handover_to,omitempty"`
	// Linked are the enrolments of the same citizen linked with this
	// one, in the order they were linked.
	Linked []string `json:"linked,omitempty"`

	// CareContacts are the contacts besides the responsible clinician,
	// oldest added first (contacts_book.go).
	CareContacts []*CareContact `json:"care_contacts,omitempty"`
	// Planning are the planned meetings, events and activities, oldest
	// added first (planning.go).
	Planning []*PlanningItem `json:"planning,omitempty"`
	// Bookmarks are the steps the citizen has bookmarked, by StepKey,
	// with when (bookmarks.go).
	Bookmarks map[string]time.Time `json:"bookmarks,omitempty"`
}

// StepKey is the key of a step in Enrolment's maps. Step ids are unique
// within a module, so the pair is unique in a program.
func StepKey(module, step string) string { return module + "/" + step }

// SplitStepKey splits a StepKey into module and step.
func SplitStepKey(key string) (module, step string) {
	module, step, _ = strings.Cut(key, "/")
	return module, step
}

// without deletes key from m and returns nil for an empty map, so that a
// state decoded from its snapshot equals the state it was encoded from.
func without[K comparable, V any](m map[K]V, key K) map[K]V {
	delete(m, key)
	if len(m) == 0 {
		return nil
	}
	return m
}

// EnrolmentStore keeps each enrolment's event log, with its snapshot and
// indexes.
type EnrolmentStore interface {
	// Append adds events to the log of enrolment id, together with state,
	// the snapshot after them, in one atomic step. expected is the sequence
	// number of the last event the writer saw: 0 creates the enrolment.
	// The events are numbered expected+1, expected+2, … and state.Seq is
	// the last of them. Append returns ErrConflict when the log's sequence
	// is not expected (for 0: the enrolment exists) and ErrNotFound when
	// expected > 0 and there is no such enrolment. After the log it adds
	// the enrolment to the indexes of state (IndexesOf); those writes are
	// idempotent, and a failed one is repaired by the next append.
	//
	// key, when not empty, is the command's idempotency key: Append
	// remembers it (as KeyDigest, the last KeysKept of the enrolment, for
	// at least KeysWindow) in the same atomic step as the events, and
	// returns ErrDuplicate, writing nothing, when the enrolment already
	// has it. That check comes before the sequence check, so a retry whose
	// first try was applied gets ErrDuplicate, not ErrConflict.
	Append(ctx context.Context, id string, expected int64, key string, state *Enrolment, events ...Event) error
	// Applied reports whether the enrolment has applied a command with
	// this idempotency key (one of its KeysKept most recent keys). It
	// returns ErrNotFound for an unknown enrolment.
	Applied(ctx context.Context, id, key string) (bool, error)
	// Load returns the latest snapshot of an enrolment.
	Load(ctx context.Context, id string) (*Enrolment, error)
	// Events returns the events with a sequence number above after, in
	// order; Events(ctx, id, 0) is the whole log. It returns ErrNotFound
	// for an unknown enrolment and no events when after is the last.
	Events(ctx context.Context, id string, after int64) ([]Event, error)
	// Enrolments returns the enrolments in an index, each as its latest
	// snapshot, oldest started first. Members that no longer match the
	// index are left out and dropped from it.
	Enrolments(ctx context.Context, ix Index) ([]*Enrolment, error)
	// Purge deletes an enrolment ("gallring"): its log, snapshot and index
	// entries. It returns ErrNotFound when there is no such enrolment.
	Purge(ctx context.Context, id string) error
}

// Index names a list of enrolments that a store keeps.
type Index struct {
	Kind IndexKind
	// Key is the unit id, staff id or personal identity number.
	Key string
}

// IndexKind is what an Index lists by.
type IndexKind string

// Index kinds.
const (
	// IndexUnit lists the running enrolments of a unit.
	IndexUnit IndexKind = "unit"
	// IndexClinician lists the running enrolments a clinician is
	// responsible for.
	IndexClinician IndexKind = "clinician"
	// IndexCitizen lists every enrolment of a citizen, ended ones too.
	IndexCitizen IndexKind = "citizen"
	// IndexEnded lists the ended enrolments of a unit, for purging.
	IndexEnded IndexKind = "ended"
	// IndexHandover lists the running enrolments being handed over to a
	// unit, for that unit to accept or decline.
	IndexHandover IndexKind = "handover"
)

// ByUnit is the index of the running enrolments of a unit.
func ByUnit(unit string) Index { return Index{IndexUnit, unit} }

// ByClinician is the index of the running enrolments of a responsible clinician.
func ByClinician(staff string) Index { return Index{IndexClinician, staff} }

// ByCitizen is the index of all enrolments of a citizen.
func ByCitizen(pnr string) Index { return Index{IndexCitizen, pnr} }

// EndedIn is the index of the ended enrolments of a unit.
func EndedIn(unit string) Index { return Index{IndexEnded, unit} }

// HandedTo is the index of the enrolments waiting for a unit to accept
// or decline their handover.
func HandedTo(unit string) Index { return Index{IndexHandover, unit} }

// String returns kind:key, the form stores use in their key names.
func (ix Index) String() string { return string(ix.Kind) + ":" + ix.Key }

// Match reports whether an enrolment belongs in the index. Stores use it
// to drop stale members when reading.
func (ix Index) Match(e *Enrolment) bool {
	switch ix.Kind {
	case IndexUnit:
		return !e.Ended() && e.Unit == ix.Key
	case IndexClinician:
		return !e.Ended() && e.Clinician == ix.Key
	case IndexCitizen:
		return e.Citizen == ix.Key
	case IndexEnded:
		return e.Ended() && e.Unit == ix.Key
	case IndexHandover:
		return e.HandoverPending() && e.HandoverTo == ix.Key
	}
	return false
}

// IndexesOf returns the indexes an enrolment belongs in.
func IndexesOf(e *Enrolment) []Index {
	if e.Ended() {
		return []Index{ByCitizen(e.Citizen), EndedIn(e.Unit)}
	}
	ixs := []Index{ByUnit(e.Unit), ByClinician(e.Clinician), ByCitizen(e.Citizen)}
	if e.HandoverPending() {
		ixs = append(ixs, HandedTo(e.HandoverTo))
	}
	return ixs
}

// CheckAppend checks the arguments of Append as every store must before it
// writes: at least one event, numbered from expected+1 without gaps, and a
// state of the same enrolment at the last of them. A failure is a bug in
// the caller, not a conflict.
func CheckAppend(id string, expected int64, state *Enrolment, events []Event) error {
	switch {
	case id == "":
		return errors.New("append: no enrolment id")
	case len(events) == 0:
		return fmt.Errorf("append %s: no events", id)
	case state == nil:
		return fmt.Errorf("append %s: no state", id)
	case state.ID != id:
		return fmt.Errorf("append %s: state is of enrolment %q", id, state.ID)
	case expected < 0:
		return fmt.Errorf("append %s: expected sequence %d", id, expected)
	case state.Seq != expected+int64(len(events)):
		return fmt.Errorf("append %s: state at %d after %d events from %d", id, state.Seq, len(events), expected)
	}
	for i, ev := range events {
		if ev.Seq != expected+int64(i)+1 {
			return fmt.Errorf("append %s: event %d has sequence %d, want %d", id, i, ev.Seq, expected+int64(i)+1)
		}
	}
	return nil
}

// SortEnrolments sorts enrolments as Enrolments returns them: oldest
// started first, then by id.
func SortEnrolments(es []*Enrolment) {
	slices.SortFunc(es, func(a, b *Enrolment) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Store is everything the runtime keeps. runtime/embedded (one bbolt file,
// the default) and runtime/redis (production, any number of replicas)
// implement it, and runtime/storetest checks both against one suite.
//
// Every method is safe for concurrent use. Lookups of one thing return
// ErrNotFound when it is missing, never a nil value with a nil error.
// Lists return no elements (possibly a nil slice), not an error, when
// there is nothing.
type Store interface {
	EnrolmentStore
	BundleStore
	DirectoryStore
	SessionStore
	QueueStore

	// Ping reports whether the store can serve requests, for readiness.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
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
	Append(ctx context.Context, id string, expected int64, state *Enrolment, events ...Event) error
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

// BundleStore keeps compiled bundles, which programs are published and
// which bundle each unit runs.
type BundleStore interface {
	// PutBundle stores a bundle's files by their paths in the bundle
	// (program.json, manifest.json, steps/…, media/…, pdf/…). A bundle is
	// immutable: its name carries the hash of its content, so putting a
	// name that is already stored does nothing and returns nil. A bundle
	// without files is an error.
	PutBundle(ctx context.Context, name string, files map[string][]byte) error
	// BundleFile returns one file of a bundle.
	BundleFile(ctx context.Context, name, path string) ([]byte, error)
	// Bundles returns the names of the stored bundles, sorted.
	Bundles(ctx context.Context) ([]string, error)

	// Publish records that a stored bundle is published, so units can
	// activate it. Publishing again replaces the record. It returns
	// ErrNotFound when the bundle is not stored.
	Publish(ctx context.Context, p Publication) error
	// Publications returns every publication, sorted by program and then
	// by time published.
	Publications(ctx context.Context) ([]Publication, error)

	// Activate makes a bundle the one a unit starts new enrolments of its
	// program on, replacing any earlier activation of that program. It
	// returns ErrNotFound when the bundle is not published.
	Activate(ctx context.Context, a Activation) error
	// Deactivate removes a unit's activation of a program; running
	// enrolments keep their bundle. It returns ErrNotFound when the program
	// is not active on the unit.
	Deactivate(ctx context.Context, unit, program string) error
	// Activation returns the activation of a program on a unit.
	Activation(ctx context.Context, unit, program string) (Activation, error)
	// Activations returns the programs active on a unit, sorted by program.
	Activations(ctx context.Context, unit string) ([]Activation, error)
}

// DirectoryStore keeps units, staff and their roles, and citizens. These
// are small records written by admins and the demo seed.
type DirectoryStore interface {
	// PutUnit creates or replaces a unit.
	PutUnit(ctx context.Context, u Unit) error
	// Unit returns a unit.
	Unit(ctx context.Context, id string) (Unit, error)
	// Units returns every unit, sorted by id.
	Units(ctx context.Context) ([]Unit, error)

	// PutStaff creates or replaces a staff member's record, all but Roles,
	// which only SetRoles changes.
	PutStaff(ctx context.Context, s Staff) error
	// Staff returns a staff member with their roles on every unit.
	Staff(ctx context.Context, id string) (Staff, error)
	// StaffMembers returns every staff member, sorted by id.
	StaffMembers(ctx context.Context) ([]Staff, error)
	// SetRoles sets a staff member's roles on one unit; no roles removes
	// them from the unit. It returns ErrNotFound for an unknown staff id.
	// Roles are set per unit so that admins of different units never
	// overwrite each other.
	SetRoles(ctx context.Context, staff, unit string, roles []Role) error

	// PutCitizen creates or replaces a citizen.
	PutCitizen(ctx context.Context, c Citizen) error
	// Citizen returns a citizen by personal identity number (12 digits).
	Citizen(ctx context.Context, pnr string) (Citizen, error)
}

// SessionStore keeps web sessions. The data is the web layer's own
// encoding; the store only keeps it until it expires.
type SessionStore interface {
	// PutSession stores data under id for ttl, replacing what was there.
	PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error
	// Session returns a session's data; an expired session is ErrNotFound.
	Session(ctx context.Context, id string) ([]byte, error)
	// DeleteSession removes a session. Removing a missing one is not an
	// error, so signing out twice is harmless.
	DeleteSession(ctx context.Context, id string) error
}

// Publication says that a bundle is published: units may activate it.
type Publication struct {
	Program     string    `json:"program"`
	Version     string    `json:"version"`
	Bundle      string    `json:"bundle"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by,omitempty"`
}

// Activation says which bundle of a program a unit starts enrolments on.
type Activation struct {
	Unit        string    `json:"unit"`
	Program     string    `json:"program"`
	Bundle      string    `json:"bundle"`
	ActivatedAt time.Time `json:"activated_at"`
	ActivatedBy string    `json:"activated_by,omitempty"`
}

// Unit is a clinic ("vårdenhet", "mottagning").
type Unit struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Staff is a member of staff who signs in to the staff UI. ID is their
// login name (an HSA id in production).
type Staff struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	// PasswordHash is for the demo and development sign-in; the web layer
	// chooses the hash.
	PasswordHash string `json:"password_hash,omitempty"`
	// Roles maps a unit id to the staff member's roles there.
	Roles map[string][]Role `json:"-"`
}

// HasRole reports whether the staff member has role on unit.
func (s Staff) HasRole(unit string, role Role) bool {
	for _, r := range s.Roles[unit] {
		if r == role {
			return true
		}
	}
	return false
}

// Citizen is a citizen ("invånare") known to the runtime.
type Citizen struct {
	// PNR is the personal identity number, 12 digits (see ParsePnr).
	PNR  string `json:"pnr"`
	Name string `json:"name"`
	// Mobile is used for notifications when the citizen agrees.
	Mobile string `json:"mobile,omitempty"`
	Email  string `json:"email,omitempty"`
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
)

// ByUnit is the index of the running enrolments of a unit.
func ByUnit(unit string) Index { return Index{IndexUnit, unit} }

// ByClinician is the index of the running enrolments of a responsible clinician.
func ByClinician(staff string) Index { return Index{IndexClinician, staff} }

// ByCitizen is the index of all enrolments of a citizen.
func ByCitizen(pnr string) Index { return Index{IndexCitizen, pnr} }

// EndedIn is the index of the ended enrolments of a unit.
func EndedIn(unit string) Index { return Index{IndexEnded, unit} }

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
	}
	return false
}

// IndexesOf returns the indexes an enrolment belongs in.
func IndexesOf(e *Enrolment) []Index {
	if e.Ended() {
		return []Index{ByCitizen(e.Citizen), EndedIn(e.Unit)}
	}
	return []Index{ByUnit(e.Unit), ByClinician(e.Clinician), ByCitizen(e.Citizen)}
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

// SortPublications sorts publications as Publications returns them: by
// program, then oldest published first, then by bundle.
func SortPublications(ps []Publication) {
	slices.SortFunc(ps, func(a, b Publication) int {
		if c := strings.Compare(a.Program, b.Program); c != 0 {
			return c
		}
		if c := a.PublishedAt.Compare(b.PublishedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Bundle, b.Bundle)
	})
}

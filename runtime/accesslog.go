package runtime

import (
	"context"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// The access log ("åtkomstlogg"): every time staff open an enrolment's
// data, an entry records who (staff id, name and the role they used),
// on which unit, which enrolment, what and when, as the patient-data law
// (PDL) requires. Unit admins search it by person, by enrolment and by
// time. The log is append-only: AccessLog has no method to change or
// delete an entry, and purging an enrolment (Purge) removes its health
// data, not the log of who accessed it.

// AccessKind is what was opened.
type AccessKind string

// The kinds of access. Object, in the entry, says which one within the
// enrolment where the kind has many (a submission's id, a conversation's
// id, a tab's path).
const (
	AccessEnrolment  AccessKind = "enrolment"  // the manage view or one of its tabs
	AccessSubmission AccessKind = "submission" // a form answer, as a page or a PDF
	AccessMessage    AccessKind = "message"    // the messages or one conversation
	AccessTimeline   AccessKind = "timeline"   // the timeline, as a page or a PDF
	AccessExport     AccessKind = "export"     // an export of the enrolment's data
	// AccessVideo is the opening of a video meeting (video.go), by staff
	// or by the citizen: Object is the planned item's id.
	AccessVideo AccessKind = "video"
)

// AccessKinds lists every kind, in the order a search form offers them.
var AccessKinds = []AccessKind{AccessEnrolment, AccessSubmission, AccessMessage, AccessTimeline, AccessExport, AccessVideo}

// Valid reports whether k is a known kind.
func (k AccessKind) Valid() bool {
	for _, v := range AccessKinds {
		if k == v {
			return true
		}
	}
	return false
}

// AccessEntry is one access to an enrolment's data. It names the
// enrolment by id, never by the citizen's personal identity number, so
// that no store key carries the number.
type AccessEntry struct {
	// ID orders the entries by time: the access's Unix time in
	// milliseconds, 13 digits, a dash and a random part (AccessID).
	ID        string     `json:"id"`
	At        time.Time  `json:"at"`
	Staff     string     `json:"s"`
	StaffName string     `json:"n,omitempty"`
	Role      Role       `json:"r"`
	Unit      string     `json:"u"`
	Enrolment string     `json:"e"`
	Kind      AccessKind `json:"k"`
	Object    string     `json:"o,omitempty"`
}

// Bounds of the access log: the longest name or object an entry keeps,
// in bytes, and the sizes of a search's page.
const (
	maxAccessField = 200
	// AccessPageSize is a search's page when the query sets no Limit,
	// AccessMaxPage the largest it may set.
	AccessPageSize = 50
	AccessMaxPage  = 500
)

// AccessLog keeps the access log; both stores keep it. Its methods are
// named for the log because Store embeds them beside EnrolmentStore's
// Append.
type AccessLog interface {
	// AppendAccess adds an entry (PrepareAccess gives it its id and checks
	// it). It cannot change or replace an entry: an entry whose id is
	// taken is ErrConflict.
	AppendAccess(ctx context.Context, e AccessEntry) error
	// SearchAccess returns a page of a unit's entries that match q, newest
	// first, and the cursor of the next page. No match is an empty page,
	// not an error.
	SearchAccess(ctx context.Context, q AccessQuery) (AccessPage, error)
}

// AccessQuery is a search of one unit's access log. Staff and Enrolment,
// when set, each narrow it to their entries; From (inclusive) and To
// (exclusive) to a time range.
type AccessQuery struct {
	Unit      string
	Staff     string
	Enrolment string
	From, To  time.Time
	// After is the cursor of the page to get: AccessPage.Next of the
	// page before, empty for the first page.
	After string
	// Limit is the page's size: 0 means AccessPageSize; it is at most
	// AccessMaxPage.
	Limit int
}

// AccessPage is a page of a search, newest first. Next is the cursor of
// the next, older page, empty when this is the last.
type AccessPage struct {
	Entries []AccessEntry
	Next    string
}

// AccessID makes an entry's id for an access at t: the ids sort as the
// times do, as strings, and two accesses in one millisecond differ.
func AccessID(t time.Time) string { return AccessTimeKey(t) + "-" + NewID() }

// AccessTimeKey is the part of an id that says its time: ids of accesses
// before t sort before it, ids at or after t after it.
func AccessTimeKey(t time.Time) string { return fmt.Sprintf("%013d", t.UnixMilli()) }

// AccessIDTime returns the time an id says, for a store that partitions
// its entries by time.
func AccessIDTime(id string) (time.Time, error) {
	if len(id) < 14 || id[13] != '-' {
		return time.Time{}, fmt.Errorf("access id %q: %w", id, ErrInvalid)
	}
	ms, err := strconv.ParseInt(id[:13], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("access id %q: %w", id, ErrInvalid)
	}
	return time.UnixMilli(ms).UTC(), nil
}

// PrepareAccess checks an entry and returns it as a store keeps it: its
// time in UTC to the millisecond, an id made from it when it has none,
// and its name and object cut to their bounds. An entry without staff,
// unit, enrolment or time, with a role that is not a staff role or an
// unknown kind is ErrInvalid.
func PrepareAccess(e AccessEntry) (AccessEntry, error) {
	switch {
	case e.Staff == "" || e.Unit == "" || e.Enrolment == "" || e.At.IsZero():
		return e, fmt.Errorf("access entry: staff, unit, enrolment and time are needed: %w", ErrInvalid)
	case !e.Role.Staff() && !citizenVideo(e):
		return e, fmt.Errorf("access entry: role %q: %w", e.Role, ErrInvalid)
	case !e.Kind.Valid():
		return e, fmt.Errorf("access entry: kind %q: %w", e.Kind, ErrInvalid)
	case len(e.Staff) > maxAccessField || len(e.Unit) > maxAccessField || len(e.Enrolment) > maxAccessField:
		return e, fmt.Errorf("access entry: id too long: %w", ErrInvalid)
	}
	e.At = e.At.UTC().Truncate(time.Millisecond)
	if e.ID == "" {
		e.ID = AccessID(e.At)
	} else if t, err := AccessIDTime(e.ID); err != nil || !t.Equal(e.At) {
		return e, fmt.Errorf("access entry: id %q does not say its time: %w", e.ID, ErrInvalid)
	}
	e.StaffName = cutAccessField(e.StaffName, maxAccessField)
	e.Object = cutAccessField(e.Object, maxAccessField)
	return e, nil
}

// cutAccessField cuts s to at most n bytes on a rune boundary.
func cutAccessField(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// PageSize is the query's page size within its bounds.
func (q AccessQuery) PageSize() int {
	switch {
	case q.Limit <= 0:
		return AccessPageSize
	case q.Limit > AccessMaxPage:
		return AccessMaxPage
	}
	return q.Limit
}

// Matches reports whether an entry of the query's unit is in its result,
// cursor aside: a store that reads one index filters by the others with
// it.
func (q AccessQuery) Matches(e AccessEntry) bool {
	return (q.Staff == "" || e.Staff == q.Staff) &&
		(q.Enrolment == "" || e.Enrolment == q.Enrolment) &&
		(q.From.IsZero() || !e.At.Before(q.From)) &&
		(q.To.IsZero() || e.At.Before(q.To))
}

// Bounds are the ids a search reads between, newest first: below, ids
// strictly less than it ("" for no bound), and from, ids not less than it
// ("" for none). The cursor and To both bound it from above.
func (q AccessQuery) Bounds() (below, from string) {
	if !q.To.IsZero() {
		below = AccessTimeKey(q.To)
	}
	if q.After != "" && (below == "" || q.After < below) {
		below = q.After
	}
	if !q.From.IsZero() {
		from = AccessTimeKey(q.From)
	}
	return below, from
}

// citizenVideo reports whether e is the citizen's (or their guardian's)
// opening of a video meeting, the one entry not made by staff: its Staff
// is the role ("citizen", "guardian"), never a personal identity number.
func citizenVideo(e AccessEntry) bool {
	return e.Kind == AccessVideo && (e.Role == RoleCitizen || e.Role == RoleGuardian) && e.Staff == string(e.Role)
}

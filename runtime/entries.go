package runtime

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Entries: what the enrolment's lists written by hand share, the contacts
// (contacts_book.go) and the planned items (planning.go, video.go). An
// entry's id is the sequence number of the event that added it; it keeps
// who created it and who last changed it (Stamp); events add, change and
// remove it; and the decisions that write it need the program's feature
// and refuse maintenance and the end. Each list keeps its own fields,
// checks and event types; this file only the bookkeeping.

// Stamp is who created an entry and when, and who last changed it and
// when.
type Stamp struct {
	CreatedBy Actor     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// ChangedBy and ChangedAt are the last change; both are the
	// creation's until the entry is changed.
	ChangedBy Actor     `json:"changed_by"`
	ChangedAt time.Time `json:"changed_at"`
}

// newStamp is the stamp of an entry that ev adds.
func newStamp(ev Event) Stamp {
	return Stamp{CreatedBy: ev.Actor, CreatedAt: ev.At, ChangedBy: ev.Actor, ChangedAt: ev.At}
}

// WasChanged reports whether the entry was changed after it was created,
// by someone else or later.
func (s Stamp) WasChanged() bool {
	return !s.ChangedAt.Equal(s.CreatedAt) || s.ChangedBy != s.CreatedBy
}

// changed notes ev as the entry's last change.
func (s *Stamp) changed(ev Event) { s.ChangedBy, s.ChangedAt = ev.Actor, ev.At }

// seqID is the id of the entry that ev adds: its sequence number.
func seqID(ev Event) string { return strconv.FormatInt(ev.Seq, 10) }

// entry is an element of an enrolment's list of entries.
type entry interface{ entryID() string }

// findEntry returns the entry of list with the given id.
func findEntry[E entry](list []E, id string) (E, bool) {
	for _, x := range list {
		if x.entryID() == id {
			return x, true
		}
	}
	var none E
	return none, false
}

// removeEntry returns list without the entry id; nil when none is left,
// as a list that never had one.
func removeEntry[E entry](list []E, id string) []E {
	list = slices.DeleteFunc(list, func(x E) bool { return x.entryID() == id })
	if len(list) == 0 {
		return nil
	}
	return list
}

// entryToWrite is the entry id of list for the decision what, or an error
// wrapping ErrNotFound.
func entryToWrite[E entry](list []E, id, what string) (E, error) {
	x, ok := findEntry(list, id)
	if !ok {
		return x, fmt.Errorf("%s %q: %w", what, id, ErrNotFound)
	}
	return x, nil
}

// entriesWritable refuses the decision what on a list of entries in a
// program without its feature (named name in the error), in maintenance
// and after the end.
func entriesWritable(p *designer.Program, e *Enrolment, feature, name, what string) error {
	if !p.Has(feature) {
		return invalid("%s: the program has no %s", what, name)
	}
	if err := e.CheckWrite(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// entryRoom refuses the decision what adding to a list of n entries
// (called plural in the error) that holds most already.
func entryRoom(n, most int, plural, what string) error {
	if n >= most {
		return invalid("%s: %d %s, at most %d", what, n, plural, most)
	}
	return nil
}

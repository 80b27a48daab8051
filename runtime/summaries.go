package runtime

// Summaries: what the clinicians' lists, the programs page and the rollout
// preview show of an enrolment, kept beside the indexes so that a page of a
// list reads a page of summaries and never a snapshot.
//
// A Summary is a pure function of the state (Summarize), written by the
// stores after every append. Each summary is filed in the Lists it belongs
// to, once per SortKey the list offers, under an entry key that orders the
// list by that sort (EntriesOf); a store keeps each list and sort as a
// key-ordered set (a bbolt bucket, a Redis sorted set), so a page is a
// seek and a range of the page's size, and a list's count is kept, not
// counted.
//
// Like the indexes, summaries are honest about being written beside the
// log rather than with it: a summary carries the sequence of the state it
// was made from, a store never overwrites a newer summary with an older
// one, and a store that reads a page checks each summary's sequence
// against the log's and refreshes one that is behind (or drops one whose
// enrolment is gone), so a list repairs itself as the indexes do.

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// SummarySchema is the version of Summarize and of the entry keys. Bump it
// when either changes: the stores then rebuild every summary once on start
// (RebuildSummaries).
const SummarySchema = 1

// Status is where an enrolment is in its life, as the lists show it.
type Status string

// Statuses.
const (
	StatusOngoing     Status = "ongoing"
	StatusMaintenance Status = "maintenance"
	StatusEnded       Status = "ended"
)

// Summary is the little of an enrolment that lists show and count.
type Summary struct {
	ID string `json:"id"`
	// Seq is the sequence number of the state it was made from.
	Seq     int64  `json:"seq"`
	Program string `json:"program"`
	Bundle  string `json:"bundle"`
	Unit    string `json:"unit"`
	// Citizen is the personal identity number, CitizenName their name.
	Citizen     string `json:"citizen"`
	CitizenName string `json:"name"`
	// Clinician is the staff id of the responsible clinician.
	Clinician  string    `json:"clinician"`
	StartedAt  time.Time `json:"started_at"`
	LastActive time.Time `json:"last_active,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	EndReason  string    `json:"end_reason,omitempty"`
	Status     Status    `json:"status"`
	// MaintenanceLastDay is the last day of a maintenance period with
	// an end; zero otherwise.
	MaintenanceLastDay time.Time `json:"maintenance_last_day,omitzero"`
	// Flags is the number of flags raised for review and not reviewed;
	// Urgent is set when one of them is urgent.
	Flags  int  `json:"flags,omitempty"`
	Urgent bool `json:"urgent,omitempty"`
	// UnreadForms is the number of submitted forms no clinician has read.
	UnreadForms int `json:"unread_forms,omitempty"`
	// UnreadMessages is the number of the citizen's messages no clinician
	// has read.
	UnreadMessages int `json:"unread_messages,omitempty"`
}

// Summarize returns the summary of an enrolment's state.
func Summarize(e *Enrolment) Summary {
	s := Summary{
		ID: e.ID, Seq: e.Seq, Program: e.Program, Bundle: e.Bundle, Unit: e.Unit,
		Citizen: e.Citizen, CitizenName: e.CitizenName, Clinician: e.Clinician,
		StartedAt: e.StartedAt, LastActive: e.LastActive, EndedAt: e.EndedAt, EndReason: e.EndReason,
		Status:         StatusOngoing,
		UnreadForms:    len(e.Unread()),
		UnreadMessages: e.UnreadForStaff(),
	}
	switch {
	case e.Ended():
		s.Status = StatusEnded
	case e.Maintenance:
		s.Status = StatusMaintenance
		s.MaintenanceLastDay = e.MaintenanceLastDay()
	}
	for _, r := range e.Reviews {
		if r.ReviewedAt.IsZero() {
			s.Flags++
			s.Urgent = s.Urgent || r.Urgent
		}
	}
	return s
}

// Ended reports whether the enrolment had ended.
func (s *Summary) Ended() bool { return s.Status == StatusEnded }

// Enrolment returns the fields of the enrolment that the summary holds,
// for the questions asked of an enrolment about who it is and whose it is
// (CareTeam, ShowIdentity). Everything else is zero.
func (s *Summary) Enrolment() *Enrolment {
	return &Enrolment{
		ID: s.ID, Seq: s.Seq, Program: s.Program, Bundle: s.Bundle, Unit: s.Unit,
		Citizen: s.Citizen, CitizenName: s.CitizenName, Clinician: s.Clinician,
		StartedAt: s.StartedAt, LastActive: s.LastActive, EndedAt: s.EndedAt, EndReason: s.EndReason,
		Maintenance: s.Status == StatusMaintenance,
	}
}

// ListKind is what a List holds.
type ListKind string

// List kinds. Every list is of one unit.
const (
	// ListUnit holds the running enrolments of a unit ("Alla").
	ListUnit ListKind = "all"
	// ListMine holds the running enrolments of a unit that a clinician
	// is responsible for ("Mina").
	ListMine ListKind = "mine"
	// ListMaintenance holds the running enrolments of a unit in
	// maintenance ("Vidmakthåll").
	ListMaintenance ListKind = "maintenance"
	// ListEnded holds the ended enrolments of a unit ("Avslutade").
	ListEnded ListKind = "ended"
	// ListProgram holds the running enrolments of a program on a unit.
	ListProgram ListKind = "program"
	// ListBundle holds the running enrolments of a unit pinned to one
	// bundle, for the rollout to a new version.
	ListBundle ListKind = "bundle"
	// ListEvery holds every enrolment of a unit, ended ones too, for
	// statistics (Summaries of a unit page by page).
	ListEvery ListKind = "every"
)

// List names one list of summaries.
type List struct {
	Kind ListKind
	Unit string
	// Key is the staff id (ListMine), program id (ListProgram) or bundle
	// (ListBundle); empty for the others.
	Key string
}

// UnitList is the list of a unit's running enrolments.
func UnitList(unit string) List { return List{ListUnit, unit, ""} }

// MineList is the list of a unit's running enrolments that staff is
// responsible for.
func MineList(unit, staff string) List { return List{ListMine, unit, staff} }

// MaintenanceList is the list of a unit's running enrolments in maintenance.
func MaintenanceList(unit string) List { return List{ListMaintenance, unit, ""} }

// EndedList is the list of a unit's ended enrolments.
func EndedList(unit string) List { return List{ListEnded, unit, ""} }

// ProgramList is the list of a unit's running enrolments of a program.
func ProgramList(unit, program string) List { return List{ListProgram, unit, program} }

// BundleList is the list of a unit's running enrolments on a bundle.
func BundleList(unit, bundle string) List { return List{ListBundle, unit, bundle} }

// EveryList is the list of every enrolment of a unit, ended ones too.
func EveryList(unit string) List { return List{ListEvery, unit, ""} }

// Name is the list's name within its unit: the kind, and ":" and the key
// when it has one. Stores use it in their key names, after the unit.
func (l List) Name() string {
	if l.Key == "" {
		return string(l.Kind)
	}
	return string(l.Kind) + ":" + l.Key
}

// String returns unit/name, for errors and logs.
func (l List) String() string { return l.Unit + "/" + l.Name() }

// Match reports whether a summary belongs in the list.
func (l List) Match(s *Summary) bool {
	if s.Unit != l.Unit {
		return false
	}
	switch l.Kind {
	case ListUnit:
		return !s.Ended()
	case ListMine:
		return !s.Ended() && s.Clinician == l.Key
	case ListMaintenance:
		return s.Status == StatusMaintenance
	case ListEnded:
		return s.Ended()
	case ListProgram:
		return !s.Ended() && s.Program == l.Key
	case ListBundle:
		return !s.Ended() && s.Bundle == l.Key
	case ListEvery:
		return true
	}
	return false
}

// ListsOf returns the lists a summary belongs in.
func ListsOf(s *Summary) []List {
	if s.Ended() {
		return []List{EndedList(s.Unit), EveryList(s.Unit)}
	}
	ls := []List{UnitList(s.Unit), MineList(s.Unit, s.Clinician), ProgramList(s.Unit, s.Program), BundleList(s.Unit, s.Bundle), EveryList(s.Unit)}
	if s.Status == StatusMaintenance {
		ls = append(ls, MaintenanceList(s.Unit))
	}
	return ls
}

// SortKey is an order a list can be read in.
type SortKey string

// Sort keys. Dates sort newest first, names A to Ö by their lower case;
// ties go by enrolment id.
const (
	// SortAttention puts enrolments with an urgent flag first, then
	// those with flags to review, each group by name: the lists' default.
	SortAttention SortKey = "attention"
	SortName      SortKey = "name"
	SortActive    SortKey = "active"
	SortStarted   SortKey = "started"
	SortEnded     SortKey = "ended"
)

// Sorts returns the orders the list is kept in, its default first.
// The ended list has no order by name: staff outside the care team see
// a protected citizen there as "Skyddad identitet", whose place among the
// names would tell theirs.
func (l List) Sorts() []SortKey {
	switch l.Kind {
	case ListUnit, ListMine, ListMaintenance:
		return []SortKey{SortAttention, SortName, SortActive, SortStarted}
	case ListEnded:
		return []SortKey{SortEnded, SortStarted}
	}
	return []SortKey{SortStarted}
}

// SortEntryKey is the key that orders a summary in a list by sort: byte
// order is the sort's order. It ends in NUL and the enrolment's id, so
// that keys are unique.
func SortEntryKey(s *Summary, sort SortKey) string {
	var b []byte
	switch sort {
	case SortAttention:
		switch {
		case s.Urgent:
			b = append(b, '0')
		case s.Flags > 0:
			b = append(b, '1')
		default:
			b = append(b, '2')
		}
		b = append(b, nameKey(s.CitizenName)...)
	case SortName:
		b = append(b, nameKey(s.CitizenName)...)
	case SortActive:
		b = newestFirst(b, s.LastActive)
	case SortStarted:
		b = newestFirst(b, s.StartedAt)
	case SortEnded:
		b = newestFirst(b, s.EndedAt)
	}
	b = append(b, 0)
	return string(append(b, s.ID...))
}

// EntryID returns the enrolment id of an entry key.
func EntryID(key string) string {
	i := strings.LastIndexByte(key, 0)
	return key[i+1:]
}

// nameKey folds a name as the lists compare names: by lower case, without
// the NULs that separate an entry key's parts.
func nameKey(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "\x00", "")
}

// newestFirst appends a time as 16 hex digits that sort the newest first;
// the zero time (never) sorts last.
func newestFirst(b []byte, t time.Time) []byte {
	var u uint64 = math.MaxUint64
	if !t.IsZero() {
		u = ^(uint64(t.UnixMilli()) + 1<<63)
	}
	return fmt.Appendf(b, "%016x", u)
}

// SummaryEntry is where a summary is filed: a list in one sort order, and
// its key there.
type SummaryEntry struct {
	List List
	Sort SortKey
	Key  string
}

// Set names the key-ordered set that holds the entries of a list in one
// order, within its unit: the list's name, "/", the sort.
func (e SummaryEntry) Set() string { return SetName(e.List, e.Sort) }

// SetName names the set of a list in one order, within its unit.
func SetName(l List, sort SortKey) string { return l.Name() + "/" + string(sort) }

// EntriesOf returns where a summary is filed: in each of its lists, once
// per sort the list offers.
func EntriesOf(s *Summary) []SummaryEntry {
	var out []SummaryEntry
	for _, l := range ListsOf(s) {
		for _, sort := range l.Sorts() {
			out = append(out, SummaryEntry{List: l, Sort: sort, Key: SortEntryKey(s, sort)})
		}
	}
	return out
}

// SummaryRecord is how stores keep a summary: with the schema it was
// made by, and its entries as [set, key] pairs, so that the next write
// removes exactly what this one filed. Stores keep the entries apart
// from the record (they are not encoded with it), so that a page decodes
// only what it shows.
type SummaryRecord struct {
	Seq     int64       `json:"seq"`
	Schema  int         `json:"schema"`
	Summary Summary     `json:"s"`
	Entries [][2]string `json:"-"`
}

// RecordOf returns the record of a summary as SummarySchema files it.
func RecordOf(s Summary) SummaryRecord {
	r := SummaryRecord{Seq: s.Seq, Schema: SummarySchema, Summary: s}
	for _, e := range EntriesOf(&s) {
		r.Entries = append(r.Entries, [2]string{e.Set(), e.Key})
	}
	return r
}

// Newer reports whether r should replace old: a later state, or the same
// state filed by a newer schema.
func (r *SummaryRecord) Newer(old *SummaryRecord) bool {
	return old == nil || r.Seq > old.Seq || r.Seq == old.Seq && r.Schema > old.Schema
}

// SummaryStore keeps the summaries of enrolments in their lists.
type SummaryStore interface {
	// Summaries returns a page of a list. A summary behind its
	// enrolment's log is refreshed from the snapshot before it is
	// returned, and one of an enrolment that is gone is dropped.
	Summaries(ctx context.Context, q PageQuery) (*SummaryPage, error)
	// CountSummaries returns how many enrolments each list holds, from
	// the counts kept with the lists.
	CountSummaries(ctx context.Context, ls ...List) ([]int, error)
	// PutSummaries files summaries in their lists, each unless the store
	// holds one as new (SummaryRecord.Newer). The stores call it after
	// every append; it is exported for rebuilds and bulk loads.
	PutSummaries(ctx context.Context, ss ...Summary) error
	// RebuildSummaries files the summary of every enrolment once when
	// the store's summaries are older than SummarySchema, or when force
	// is set. It walks the indexes once: meant for start-up.
	RebuildSummaries(ctx context.Context, force bool) (int, error)
}

// EachSummary calls fn with every summary of a list, page by page, in
// the list's default order. It stops at fn's first error.
func EachSummary(ctx context.Context, st SummaryStore, l List, size int, fn func([]Summary) error) error {
	q := PageQuery{List: l, Size: size}
	for {
		p, err := st.Summaries(ctx, q)
		if err != nil {
			return err
		}
		if len(p.Summaries) > 0 {
			if err := fn(p.Summaries); err != nil {
				return err
			}
		}
		if p.Next == "" {
			return nil
		}
		q.Cursor = p.Next
	}
}

// UnitSummaries calls fn with every summary of a unit, ended enrolments
// too, one page at a time: for statistics over a unit.
func UnitSummaries(ctx context.Context, st SummaryStore, unit string, fn func([]Summary) error) error {
	return EachSummary(ctx, st, EveryList(unit), MaxPageSize, fn)
}

// UnitsLeft returns the units that events moved an enrolment away from
// (an accepted handover), whose lists a store whose lists of different
// units are not written together must drop it from.
func UnitsLeft(events []Event) []string {
	var out []string
	for _, ev := range events {
		if ev.Type != (&HandoverAccepted{}).EventType() {
			continue
		}
		c, err := ev.Change()
		if err != nil {
			continue
		}
		if from := c.(*HandoverAccepted).From; from != "" && !slices.Contains(out, from) {
			out = append(out, from)
		}
	}
	return out
}

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
	"encoding/base64"
	"encoding/binary"
	"errors"
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

// PageSizes bound a page of a list.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// PageQuery asks for a page of a list.
type PageQuery struct {
	List List
	// Sort is one of List.Sorts(); empty for the list's default.
	Sort SortKey
	// Size is the page's length; 0 for DefaultPageSize, at most
	// MaxPageSize.
	Size int
	// Cursor is a page's Next or Prev; empty for the first page.
	Cursor string
}

// Check fills in the query's defaults and returns an error naming what
// is wrong with it, wrapping ErrInvalid.
func (q *PageQuery) Check() error {
	sorts := q.List.Sorts()
	if q.List.Unit == "" {
		return fmt.Errorf("list %s: no unit: %w", q.List, ErrInvalid)
	}
	if q.Sort == "" {
		q.Sort = sorts[0]
	}
	if !slices.Contains(sorts, q.Sort) {
		return fmt.Errorf("list %s: no order %q: %w", q.List, q.Sort, ErrInvalid)
	}
	switch {
	case q.Size == 0:
		q.Size = DefaultPageSize
	case q.Size < 0 || q.Size > MaxPageSize:
		return fmt.Errorf("list %s: page size %d, want 1 to %d: %w", q.List, q.Size, MaxPageSize, ErrInvalid)
	}
	return nil
}

// Cursor is a position in a list: after or before an entry key, and the
// offset of the page it leads to, for "visar 51–100 av 10 000".
type Cursor struct {
	// Before is set for a previous page: the entries before Key.
	Before bool
	Key    string
	Offset int
}

// String encodes the cursor for a URL.
func (c Cursor) String() string {
	b := binary.AppendUvarint(nil, uint64(c.Offset))
	if c.Before {
		b = append(b, 'b')
	} else {
		b = append(b, 'a')
	}
	return base64.RawURLEncoding.EncodeToString(append(b, c.Key...))
}

// ParseCursor decodes a Cursor's String; the empty string is the start.
func ParseCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, fmt.Errorf("cursor %q: %w", s, ErrInvalid)
	}
	off, n := binary.Uvarint(b)
	if n <= 0 || off > math.MaxInt32 || len(b) < n+1 || b[n] != 'a' && b[n] != 'b' {
		return Cursor{}, fmt.Errorf("cursor %q: %w", s, ErrInvalid)
	}
	return Cursor{Before: b[n] == 'b', Key: string(b[n+1:]), Offset: int(off)}, nil
}

// SummaryPage is one page of a list.
type SummaryPage struct {
	Summaries []Summary
	// Offset is the number of entries before the page, as far as the
	// cursors that led here know it; Total is the list's count.
	Offset, Total int
	// Next and Prev are the cursors of the pages after and before this
	// one; empty when there is none.
	Next, Prev string
}

// PageOf makes a page from keys read in a set, in the direction the cursor
// asks: size+1 keys at most, the extra one telling that there are more
// that way. It returns the keys of the page, in list order.
func PageOf(c Cursor, size int, keys []string) (page []string, p SummaryPage) {
	more := len(keys) > size
	if more {
		keys = keys[:size]
	}
	if c.Before {
		slices.Reverse(keys)
		p.Offset = max(c.Offset, 0)
		if !more {
			p.Offset = 0
		}
	} else {
		p.Offset = c.Offset
	}
	if len(keys) == 0 {
		return nil, p
	}
	first, last := keys[0], keys[len(keys)-1]
	if (!c.Before && more) || c.Before && c.Key != "" {
		p.Next = Cursor{Key: last, Offset: p.Offset + len(keys)}.String()
	}
	if (c.Before && more) || !c.Before && c.Key != "" {
		p.Prev = Cursor{Before: true, Key: first, Offset: max(p.Offset-size, 0)}.String()
	}
	return keys, p
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

// PageKeys reads the entry keys of a page through read, which returns at
// most n keys of the set strictly after key in order, or, backward,
// strictly before key nearest first. A previous page that reaches the
// start of the list becomes the first page, full.
func PageKeys(c Cursor, size int, read func(backward bool, key string, n int) ([]string, error)) ([]string, SummaryPage, error) {
	keys, err := read(c.Before, c.Key, size+1)
	if err != nil {
		return nil, SummaryPage{}, err
	}
	if c.Before && len(keys) <= size {
		c = Cursor{}
		if keys, err = read(false, "", size+1); err != nil {
			return nil, SummaryPage{}, err
		}
	}
	page, p := PageOf(c, size, keys)
	return page, p, nil
}

// SummaryRead is what a store read of a set for a page: the keys as
// PageKeys' read returns them, the records of their enrolments filed
// under the list's unit (missing when there is none), the sequences of
// their logs (0 for an enrolment that is gone) and the list's count.
type SummaryRead struct {
	Keys    []string
	Records map[string]*SummaryRecord
	Seqs    map[string]int64
	Count   int
}

// SummarySource is what ReadSummaryPage asks of a store.
type SummarySource struct {
	// Read reads at most n keys of the set of list l as PageKeys' read
	// does, with what SummaryRead holds, in as few round trips or
	// transactions as the store can.
	Read func(ctx context.Context, l List, set string, backward bool, key string, n int) (*SummaryRead, error)
	// Load returns an enrolment's snapshot.
	Load func(ctx context.Context, id string) (*Enrolment, error)
	// Put files summaries (SummaryStore.PutSummaries).
	Put func(ctx context.Context, ss ...Summary) error
	// Drop removes the record of id filed under unit, and its entries,
	// when the record is older than seq.
	Drop func(ctx context.Context, unit, id string, seq int64) error
}

// ReadSummaryPage reads a page of a list from a store and repairs what it
// finds stale on it: a summary whose sequence is not its log's is made
// again from the snapshot, and one whose enrolment is gone or has moved
// to another unit is dropped. When it repaired anything it reads the page
// once more, so a page shows what the log says.
func ReadSummaryPage(ctx context.Context, q PageQuery, src SummarySource) (*SummaryPage, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	c, err := ParseCursor(q.Cursor)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", q.List, err)
	}
	unit, set := q.List.Unit, SetName(q.List, q.Sort)
	for attempt := 0; ; attempt++ {
		var last *SummaryRead
		keys, p, err := PageKeys(c, q.Size, func(backward bool, key string, n int) ([]string, error) {
			r, err := src.Read(ctx, q.List, set, backward, key, n)
			if err != nil {
				return nil, err
			}
			last = r
			return r.Keys, nil
		})
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", q.List, err)
		}
		repaired := false
		p.Summaries = make([]Summary, 0, len(keys))
		for _, k := range keys {
			id := EntryID(k)
			rec, seq := last.Records[id], last.Seqs[id]
			if rec != nil && rec.Seq == seq && rec.Schema == SummarySchema && q.List.Match(&rec.Summary) {
				p.Summaries = append(p.Summaries, rec.Summary)
				continue
			}
			repaired = true
			if err := repairSummary(ctx, src, unit, id, seq); err != nil {
				return nil, fmt.Errorf("list %s: repair %s: %w", q.List, id, err)
			}
		}
		if !repaired || attempt > 0 {
			p.Total = last.Count
			return &p, nil
		}
	}
}

// repairSummary makes the summary of id from its snapshot again and drops
// what unit holds of it when the enrolment is gone or elsewhere.
func repairSummary(ctx context.Context, src SummarySource, unit, id string, logSeq int64) error {
	if logSeq == 0 {
		return src.Drop(ctx, unit, id, math.MaxInt64)
	}
	e, err := src.Load(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return src.Drop(ctx, unit, id, math.MaxInt64)
	}
	if err != nil {
		return err
	}
	// The snapshot was read after the log's sequence, so it is at least
	// as new as the record should be: whatever the record says (behind,
	// ahead of a log that is no longer its own, or filed elsewhere), it
	// goes, and the summary of the snapshot replaces it unless a writer
	// filed a newer one meanwhile.
	if err := src.Drop(ctx, unit, id, math.MaxInt64); err != nil {
		return err
	}
	return src.Put(ctx, Summarize(e))
}

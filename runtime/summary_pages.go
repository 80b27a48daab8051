package runtime

// The pages of a list of summaries: the query, the cursor that marks a
// position in a list, and ReadSummaryPage, which both stores read a page
// with and which repairs the stale summaries it meets (summaries.go).

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

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

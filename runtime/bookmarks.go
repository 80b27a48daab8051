package runtime

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Bookmarks ("Bokmärken"): the steps the citizen marks to find again, in
// a program with designer.FeatureBookmarks. They are the citizen's own:
// a control on every step page sets or clears one, and the bookmarks tab
// lists them. A bookmark outlives its step: when the clinician hides the
// step, or a new version of the program drops it, the list shows it as
// unavailable (Bookmarks) and it can still be cleared. In maintenance and
// after the end none is set or cleared (CheckWrite).

func init() {
	register(func() Change { return new(BookmarkSet) })
	register(func() Change { return new(BookmarkCleared) })
}

// MaxBookmarks is the most bookmarks an enrolment keeps.
const MaxBookmarks = 500

// Bookmarked reports whether the citizen has bookmarked the step.
func (e *Enrolment) Bookmarked(module, step string) bool {
	_, ok := e.Bookmarks[StepKey(module, step)]
	return ok
}

// BookmarkSet bookmarks a step.
type BookmarkSet struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "bookmark_set".
func (*BookmarkSet) EventType() string { return "bookmark_set" }

func (c *BookmarkSet) apply(e *Enrolment, ev Event) {
	if e.Bookmarks == nil {
		e.Bookmarks = map[string]time.Time{}
	}
	e.Bookmarks[StepKey(c.Module, c.Step)] = ev.At
}

// BookmarkCleared clears a step's bookmark.
type BookmarkCleared struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "bookmark_cleared".
func (*BookmarkCleared) EventType() string { return "bookmark_cleared" }

func (c *BookmarkCleared) apply(e *Enrolment, _ Event) {
	e.Bookmarks = without(e.Bookmarks, StepKey(c.Module, c.Step))
}

// SetBookmark sets (on) or clears a bookmark on a step, for the citizen.
// Only a step of the program the citizen can open is bookmarked; any
// bookmark is cleared, of a step hidden or gone since too. Setting what
// is set, or clearing what is not, changes nothing, so a form posted
// twice does not undo itself.
func SetBookmark(p *designer.Program, module, step string, on bool) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !p.Has(designer.FeatureBookmarks) {
			return nil, invalid("bookmark: the program has no bookmarks")
		}
		if err := e.CheckWrite(); err != nil {
			return nil, fmt.Errorf("bookmark %s: %w", StepKey(module, step), err)
		}
		if on == e.Bookmarked(module, step) {
			return nil, nil
		}
		if !on {
			return []Change{&BookmarkCleared{Module: module, Step: step}}, nil
		}
		if _, _, _, ok := p.Step(module, step); !ok || !e.CanOpen(module, step) {
			return nil, invalid("bookmark %s: not a step the citizen can open", StepKey(module, step))
		}
		if len(e.Bookmarks) >= MaxBookmarks {
			return nil, invalid("bookmark: %d bookmarks, at most %d", len(e.Bookmarks), MaxBookmarks)
		}
		return []Change{&BookmarkSet{Module: module, Step: step}}, nil
	})
}

// BookmarkEntry is one bookmark as the list shows it.
type BookmarkEntry struct {
	Module, Step string
	// ModuleTitle and StepTitle are from the program; empty when the
	// program no longer has the step.
	ModuleTitle, StepTitle string
	// Open reports whether the citizen can open the step now.
	Open bool
	At   time.Time
}

// BookmarkList returns the enrolment's bookmarks in the program's order
// of steps, then those of steps the program no longer has, in the order
// they were set.
func (e *Enrolment) BookmarkList(p *designer.Program) []BookmarkEntry {
	out := make([]BookmarkEntry, 0, len(e.Bookmarks))
	seen := map[string]bool{}
	for _, m := range p.Modules {
		for _, sec := range m.Sections {
			for _, st := range sec.Steps {
				key := StepKey(m.ID, st.ID)
				at, ok := e.Bookmarks[key]
				if !ok {
					continue
				}
				seen[key] = true
				out = append(out, BookmarkEntry{Module: m.ID, Step: st.ID, ModuleTitle: m.Title, StepTitle: st.Title,
					Open: e.CanOpen(m.ID, st.ID), At: at})
			}
		}
	}
	var gone []BookmarkEntry
	for key, at := range e.Bookmarks {
		if !seen[key] {
			m, s := SplitStepKey(key)
			gone = append(gone, BookmarkEntry{Module: m, Step: s, At: at})
		}
	}
	slices.SortFunc(gone, func(a, b BookmarkEntry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(StepKey(a.Module, a.Step), StepKey(b.Module, b.Step))
	})
	return append(out, gone...)
}

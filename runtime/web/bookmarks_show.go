package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The bookmarks tab ("Bokmärken"): the citizen's bookmarked steps with
// their module's and step's titles, each a link to the step, or marked
// unavailable when the step is hidden or gone; each can be cleared here
// too.

// hasBookmarks reports whether the program shows the bookmarks tab and
// the control on every step.
func hasBookmarks(p *designer.Program) bool { return p.Has(designer.FeatureBookmarks) }

// bookmarksURL is the bookmarks tab.
func bookmarksURL(e *runtime.Enrolment) string { return citizenBase(e) + "/bookmarks" }

// bookmarkURL is where a step's bookmark is set or cleared.
func bookmarkURL(e *runtime.Enrolment, module, step string) string {
	return stepURL(e, module, step) + "/bookmark"
}

// showBookmarks shows the bookmarks tab.
func (s *Server) showBookmarks(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasBookmarks(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	cat := s.cat(r)
	v := &view.BookmarksView{Heading: cat.T("bookmarks.heading"), Tabs: s.tabs(r, l, tabBookmarks), ReadOnly: s.careReadOnly(r, l.E)}
	if ss := sessionFrom(r.Context()); ss != nil {
		v.CSRF = ss.CSRF
	}
	for _, b := range l.E.BookmarkList(l.Program) {
		it := view.BookmarkItem{ModuleTitle: b.ModuleTitle, StepTitle: b.StepTitle, At: s.dateTime(b.At)}
		if it.StepTitle == "" {
			it.StepTitle = cat.T("bookmarks.gone")
		}
		if b.Open {
			it.Href = stepURL(l.E, b.Module, b.Step)
		}
		if v.ReadOnly == "" {
			it.Clear = bookmarkURL(l.E, b.Module, b.Step)
		}
		v.Bookmarks = append(v.Bookmarks, it)
	}
	s.render(w, r, http.StatusOK, "bookmarks", cat.T("bookmarks.heading"), v)
}

// bookmarkControl is the bookmark button of a step page, or nil in a
// program without bookmarks.
func (s *Server) bookmarkControl(r *http.Request, l *loaded, module, step string) *view.BookmarkControl {
	if !hasBookmarks(l.Program) {
		return nil
	}
	c := &view.BookmarkControl{Marked: l.E.Bookmarked(module, step), On: "1", List: bookmarksURL(l.E)}
	if c.Marked {
		c.On = "0"
	}
	if l.E.CheckWrite() == nil {
		c.Action = bookmarkURL(l.E, module, step)
	}
	if ss := sessionFrom(r.Context()); ss != nil {
		c.CSRF = ss.CSRF
	}
	return c
}

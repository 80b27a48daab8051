package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// setBookmark sets or clears the bookmark of a step as posted (on=1 sets,
// on=0 clears: the state wanted, so a form posted twice does not undo
// itself) and returns to the step, or, from the bookmarks tab, to the
// tab.
func (s *Server) setBookmark(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasBookmarks(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	on := r.PostFormValue("on") == "1"
	if _, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r), runtime.SetBookmark(l.Program, module, step, on)); err != nil {
		s.fail(w, r, err)
		return
	}
	flash := "bookmarks.flash.cleared"
	if on {
		flash = "bookmarks.flash.set"
	}
	s.setFlash(w, r, flash)
	if r.PostFormValue("back") == tabBookmarks {
		redirect(w, r, bookmarksURL(l.E))
		return
	}
	redirect(w, r, stepURL(l.E, module, step)+"#bookmark")
}

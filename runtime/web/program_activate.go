package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/publish"
)

// activateProgram makes a published version the one new enrolments of the
// program start on. When running enrolments could move to it, the admin
// is taken to the rollout page to decide.
func (s *Server) activateProgram(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	program := chi.URLParam(r, "program")
	bundle := r.PostFormValue("bundle")
	// Only a bundle whose name is a valid one of this program can be
	// active: an empty or malformed id is not found, whatever was stored.
	id, _, _, err := designer.ParseBundleName(bundle)
	if err != nil || id != program {
		s.fail(w, r, errNotFound.with(fmt.Errorf("activate %q of %q: %w", bundle, program, runtime.ErrNotFound)))
		return
	}
	pub, ok := s.publication(r, program, bundle)
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	if err := publish.VerifyStored(r.Context(), s.store, pub); err != nil {
		var refused *publish.ImportError
		if errors.As(err, &refused) {
			s.refuseActivation(w, r, refused)
			return
		}
		s.fail(w, r, err)
		return
	}
	act := runtime.Activation{Unit: unit.ID, Program: program, Bundle: pub.Bundle, ActivatedAt: s.now(), ActivatedBy: userFrom(r.Context()).ID}
	if err := s.store.Activate(r.Context(), act); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "program activated", "unit", unit.ID, "bundle", pub.Bundle)
	s.setFlash(w, r, "web.flash.activated", pub.Version)
	pubs, err := s.store.Publications(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bundles, counts, err := s.bundleCounts(r, unit.ID, program, pubs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := areaURL(unit.ID, areaPrograms)
	if len(movableFrom(bundles, counts, pub.Bundle)) > 0 {
		to = rolloutURL(unit.ID, program)
	}
	redirect(w, r, to)
}

// publication returns the publication of a bundle of the program.
func (s *Server) publication(r *http.Request, program, bundle string) (runtime.Publication, bool) {
	pubs, err := s.store.Publications(r.Context())
	if err != nil {
		s.log.ErrorContext(r.Context(), "publications", "err", err)
		return runtime.Publication{}, false
	}
	for _, p := range pubs {
		if p.Program == program && p.Bundle == bundle {
			return p, true
		}
	}
	return runtime.Publication{}, false
}

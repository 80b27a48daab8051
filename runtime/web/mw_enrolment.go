package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// loadOwnEnrolment puts the enrolment of the URL and its program in the
// context when it is the signed-in citizen's own and they may still open
// it (citizenAccess). Anyone else's is "not found", so its existence is
// not revealed.
func (s *Server) loadOwnEnrolment(next http.Handler) http.Handler {
	return s.loadEnrolment(func(r *http.Request, e *runtime.Enrolment) bool {
		u := userFrom(r.Context())
		return u != nil && e.Citizen == u.ID
	}, s.citizenAccess(next))
}

// loadUnitEnrolment puts the enrolment of the URL in the context when it
// belongs to the unit of the URL, which loadUnit has checked the staff
// member works on.
func (s *Server) loadUnitEnrolment(next http.Handler) http.Handler {
	return s.loadEnrolment(func(r *http.Request, e *runtime.Enrolment) bool {
		unit := unitFrom(r.Context())
		return unit.ID != "" && e.Unit == unit.ID
	}, next)
}

// loadEnrolment reads the enrolment with runtime.Enrolments.View: the
// state in the context is shared with every other request that reads it,
// so no handler may write to it nor to anything it reaches. A handler that
// changes the enrolment runs a command, which works on its own copy, and
// may then put the state the command returned in loaded.E.
func (s *Server) loadEnrolment(allowed func(*http.Request, *runtime.Enrolment) bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "enrolment")
		if !validID(id) {
			s.fail(w, r, errNotFound)
			return
		}
		e, err := s.svc.View(r.Context(), id)
		if errors.Is(err, runtime.ErrNotFound) || err == nil && !allowed(r, e) {
			s.fail(w, r, errNotFound.with(err))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p, err := s.bundles.program(r.Context(), e.Bundle)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), enrolmentKey{}, &loaded{E: e, Program: p})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// validID accepts the ids runtime.NewID makes, and a little more, but no
// path tricks.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

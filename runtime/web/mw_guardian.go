package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// Coded refusals of a guardian's acting for a child.
var (
	errGuardianEnded = &webError{http.StatusForbidden, "E403-GUARDIAN-13", "people.error.guardian_ended", nil}
	errNotGuardian   = &webError{http.StatusForbidden, "E403-GUARDIAN", "people.error.not_guardian", nil}
)

// guardianError maps the guardian rules' errors to what the user sees.
func guardianError(err error) error {
	switch {
	case errors.Is(err, runtime.ErrChildTooOld):
		return errGuardianEnded.with(err)
	case errors.Is(err, runtime.ErrNotGuardian):
		return errNotGuardian.with(err)
	}
	return err
}

// actingFor makes a guardian who chose a child (session.ActingFor) the
// child for the citizen pages: the user in the context becomes the child,
// with the guardian kept beside it, so the pages and the enrolments are the
// child's and citizenActor records the guardian. The rule is asked on every
// request, so acting ends by itself on the child's 13th birthday: the
// session falls back to the guardian's own and the page says why.
func (s *Server) actingFor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss, u := sessionFrom(r.Context()), userFrom(r.Context())
		if ss == nil || u == nil || ss.ActingFor == "" {
			next.ServeHTTP(w, r)
			return
		}
		child, err := s.checkActFor(r.Context(), u.ID, ss.ActingFor)
		if err != nil {
			ss.ActingFor = ""
			if serr := s.saveSession(w, r, ss); serr != nil {
				s.log.ErrorContext(r.Context(), "end acting for child", "err", serr)
			}
			s.fail(w, r, guardianError(err))
			return
		}
		acting := &user{Kind: u.Kind, ID: child.PNR, Name: child.Name, Guardian: u.ID, GuardianName: u.Name}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, acting)))
	})
}

// checkActFor asks the guardian rule and returns the child's record.
func (s *Server) checkActFor(ctx context.Context, guardian, child string) (runtime.Citizen, error) {
	gs, err := s.store.Guardians(ctx, child)
	if errors.Is(err, runtime.ErrNotFound) {
		return runtime.Citizen{}, runtime.ErrNotGuardian
	}
	if err != nil {
		return runtime.Citizen{}, err
	}
	if err := runtime.CanActFor(child, gs, guardian, s.now()); err != nil {
		return runtime.Citizen{}, err
	}
	c, err := s.store.Citizen(ctx, child)
	if errors.Is(err, runtime.ErrNotFound) {
		return runtime.Citizen{PNR: child, Name: runtime.FormatPnr(child)}, nil
	}
	if c.Name == "" {
		c.Name = runtime.FormatPnr(child)
	}
	return c, err
}

// actFor starts acting for a child the signed-in guardian chose on their
// start page.
func (s *Server) actFor(w http.ResponseWriter, r *http.Request) {
	u, ss := userFrom(r.Context()), sessionFrom(r.Context())
	if u.Guardian != "" {
		// Already acting: choose again from the guardian's own page.
		s.fail(w, r, errBadRequest)
		return
	}
	child := r.PostFormValue("child")
	c, err := s.checkActFor(r.Context(), u.ID, child)
	if err != nil {
		s.fail(w, r, guardianError(err))
		return
	}
	ss.ActingFor = c.PNR
	if err := s.saveSession(w, r, ss); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "guardian acts for child")
	redirect(w, r, citizenHomeURL)
}

// stopActing returns a guardian to their own pages.
func (s *Server) stopActing(w http.ResponseWriter, r *http.Request) {
	ss := sessionFrom(r.Context())
	ss.ActingFor = ""
	if err := s.saveSession(w, r, ss); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, citizenHomeURL)
}

// actingBanner shows on every page that a guardian acts for the child:
// the guardian is the one signed in, in the role role.
func actingBanner(p *view.Page, u *user, role string) {
	if u.Guardian == "" {
		return
	}
	p.User.Name, p.User.Role = u.GuardianName, role
	p.Acting = &view.Acting{Child: u.Name, Guardian: u.GuardianName, Stop: actStopURL}
}

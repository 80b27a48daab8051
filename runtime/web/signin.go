package web

import (
	"crypto/subtle"
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime/web/auth"
)

// signIn completes a sign-in: the provider says who the user is, and a new
// session (a new id, so one planted before sign-in is worthless) is started.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	ss := sessionFrom(r.Context())
	if r.Method == http.MethodGet {
		// A provider's redirect back: the state must be the one we sent.
		st := r.URL.Query().Get("state")
		if ss.State == "" || subtle.ConstantTimeCompare([]byte(st), []byte(ss.State)) != 1 {
			s.fail(w, r, errCSRF)
			return
		}
	}
	id, err := s.identity.Authenticate(r, ss.State)
	if errors.Is(err, auth.ErrUnknown) {
		s.log.InfoContext(r.Context(), "sign-in refused", "provider", s.identity.Name())
		s.renderSignIn(w, r, http.StatusUnauthorized, "web.error.signin.unknown")
		return
	}
	if err != nil {
		s.log.WarnContext(r.Context(), "sign-in failed", "provider", s.identity.Name(), "err", err)
		s.renderSignIn(w, r, http.StatusUnauthorized, "web.error.signin")
		return
	}
	s.destroySession(r.Context(), w, r, ss)
	fresh := s.newSession()
	fresh.Kind, fresh.Subject, fresh.Name = id.Kind, id.Subject, id.Name
	if err := s.saveSession(w, r, fresh); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "signed in", "kind", id.Kind, "provider", s.identity.Name())
	next := safeNext(r.URL.Query().Get("next"))
	if next == "" {
		next = rootURL
	}
	redirect(w, r, next)
}

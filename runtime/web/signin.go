package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime/web/auth"
)

// signIn completes a sign-in: the state must be the one this session's
// attempt sent, the provider says who the user is (checking the nonce and
// the PKCE verifier), and a new session (a new id, so one planted before
// sign-in is worthless) is started. Attempts are rate limited per client
// address and per account.
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
	if !s.allowSignIn(w, r, "ip:"+s.clientIP(r)) {
		return
	}
	attempt := ss.attempt()
	id, err := s.identity.Authenticate(r, attempt)
	account := id.Subject
	if account == "" {
		// The development form names the account even when unknown.
		account = strings.TrimSpace(r.PostFormValue("user"))
	}
	if account != "" && !s.allowSignIn(w, r, "account:"+account) {
		return
	}
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
	next := safeNext(r.URL.Query().Get("next"))
	if next == "" {
		next = safeNext(ss.Next)
	}
	s.destroySession(r.Context(), w, r, ss)
	fresh := s.newSession()
	fresh.id = newPersonID(personKey(id.Kind, id.Subject))
	fresh.Kind, fresh.Subject, fresh.Name = id.Kind, id.Subject, id.Name
	if err := s.saveSession(w, r, fresh); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "signed in", "kind", id.Kind, "provider", s.identity.Name(), "via", attempt.Via)
	if next == "" {
		next = rootURL
	}
	redirect(w, r, next)
}

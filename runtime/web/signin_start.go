package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime/web/auth"
)

// startSignIn begins a sign-in through a provider's own page: a fresh
// attempt (state, nonce, PKCE verifier) is kept in the browser's session,
// and the browser is sent to the provider. The query's "via" names the
// way in when there are several.
func (s *Server) startSignIn(w http.ResponseWriter, r *http.Request) {
	if !s.allowSignIn(w, r, "ip:"+s.clientIP(r)) {
		return
	}
	ss := sessionFrom(r.Context())
	a := auth.NewAttempt(r.URL.Query().Get("via"))
	to, err := s.identity.Redirect(a)
	if errors.Is(err, auth.ErrNoWay) {
		s.fail(w, r, errNotFound.with(err))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if to == "" {
		// The sign-in page itself is the form.
		redirect(w, r, signInURL)
		return
	}
	ss.Via, ss.State, ss.Nonce, ss.Verifier = a.Via, a.State, a.Nonce, a.Verifier
	ss.Next = safeNext(r.URL.Query().Get("next"))
	if err := s.saveSession(w, r, ss); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusSeeOther)
}

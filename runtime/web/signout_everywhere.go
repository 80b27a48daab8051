package web

import "net/http"

// signOutEverywhere ends every session of the signed-in person, on every
// device, this one included. Someone signed out is refused.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	if u == nil {
		s.fail(w, r, errForbidden)
		return
	}
	n, err := s.store.DeleteSessions(r.Context(), personKey(u.Kind, u.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.destroySession(r.Context(), w, r, sessionFrom(r.Context()))
	s.log.InfoContext(r.Context(), "signed out everywhere", "kind", u.Kind, "sessions", n)
	redirect(w, r, signInURL)
}

package web

import "net/http"

// signOut ends the session.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	s.destroySession(r.Context(), w, r, sessionFrom(r.Context()))
	redirect(w, r, signInURL)
}

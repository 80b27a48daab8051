package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// readScope serves each request's reads from one read transaction when
// the store offers it (runtime.ReadScoper: the embedded store), so a page
// that reads the session, the user, the enrolment and the inbox begins
// and ends one transaction instead of one each. A write in the request
// ends the transaction first, so the reads after it see the write.
func (s *Server) readScope(next http.Handler) http.Handler {
	rs, ok := s.store.(runtime.ReadScoper)
	if !ok {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, end := rs.ReadScope(r.Context())
		defer end()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

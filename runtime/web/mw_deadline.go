package web

import (
	"context"
	"net/http"
)

// deadline gives every request a deadline of Config.RequestTimeout. Store
// calls past it fail at once, so a stalled store costs a request at most
// its deadline and a page that says to try again.
func (s *Server) deadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

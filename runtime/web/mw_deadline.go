package web

import (
	"context"
	"net/http"
)

// deadline gives every request a deadline of Config.RequestTimeout. Store
// calls past it fail at once, so a stalled store costs a request at most
// its deadline and a page that says to try again. It also opens the
// request's read scope (readScoper) or asks to read its page ahead
// (pageAhead), so that these cost the request one copy of itself, not
// two.
func (s *Server) deadline(next http.Handler) http.Handler {
	rs, pr := s.readScoper(), s.pageReader()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
		defer cancel()
		ctx = s.pageAhead(ctx, pr, r)
		if rs != nil {
			var end func()
			ctx, end = rs.ReadScope(ctx)
			defer end()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

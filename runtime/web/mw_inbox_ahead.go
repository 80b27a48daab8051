package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// inboxAhead asks the store to read the citizen's inbox together with the
// enrolment that loadOwnEnrolment loads next, when the page is the
// overview, the one page of an enrolment that shows the inbox: on Redis
// that is one round trip fewer (runtime.InboxStore.InboxAhead). Every
// other page reads as before.
func (s *Server) inboxAhead(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, rctx := userFrom(r.Context()), chi.RouteContext(r.Context())
		if u == nil || rctx == nil || rctx.RoutePath != "/" || r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if ctx := s.store.InboxAhead(r.Context(), recipient(u)); ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

package web

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// logRequests logs every request with its id, status and duration, and the
// client's own request id, sanitized, when it sent one. serve logs through
// a LogQueue, so the line costs the request a copy into a queue, never a
// wait for another request's write.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header().Set("X-Request-Id", middleware.GetReqID(r.Context()))
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		attrs := []any{"method", r.Method, "path", r.URL.Path, "status", status,
			"bytes", ww.BytesWritten(), "ms", time.Since(start).Milliseconds(),
			"req", middleware.GetReqID(r.Context())}
		if c := clientRequestIDFrom(r.Context()); c != "" {
			attrs = append(attrs, "client_req", c)
		}
		s.log.InfoContext(r.Context(), "request", attrs...)
	})
}

package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// logRequests logs every request with its id, status and duration, and the
// client's own request id, sanitized, when it sent one. serve logs through
// a LogQueue, so the line costs the request a copy into a queue, never a
// wait for another request's write. The attributes are slog.Attr values,
// not key-value pairs, so the numbers are not boxed into interfaces.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w.Header()["X-Request-Id"] = requestIDHeader(r.Context())
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		ctx := r.Context()
		if !s.log.Enabled(ctx, slog.LevelInfo) {
			return
		}
		attrs := [7]slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", status),
			slog.Int("bytes", ww.BytesWritten()), slog.Int64("ms", time.Since(start).Milliseconds()),
			slog.String("req", middleware.GetReqID(ctx))}
		n := 6
		if c := clientRequestIDFrom(ctx); c != "" {
			attrs[n] = slog.String("client_req", c)
			n++
		}
		s.log.LogAttrs(ctx, slog.LevelInfo, "request", attrs[:n]...)
	})
}

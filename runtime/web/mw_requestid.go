package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"
)

// maxClientRequestID is the most characters of a client's X-Request-Id
// that the log keeps.
const maxClientRequestID = 64

type clientRequestIDKey struct{}

// requestID gives every request an id of the server's own making, so what
// an error page shows and the log records cannot be chosen by the client.
// The id is kept where chi's middleware.GetReqID finds it. A proxy's or
// client's X-Request-Id is kept apart, sanitized, for the request log.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), middleware.RequestIDKey, newRequestID())
		if c := clientRequestID(r.Header.Get(middleware.RequestIDHeader)); c != "" {
			ctx = context.WithValue(ctx, clientRequestIDKey{}, c)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// newRequestID returns 20 random hex digits: short enough to read out to
// support, long enough never to repeat.
func newRequestID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// clientRequestID keeps only the letters, digits and ". _ : / -" of a
// client's request id, and at most maxClientRequestID of them, so it can
// neither forge log lines nor fill the log.
func clientRequestID(s string) string {
	out := make([]byte, 0, min(len(s), maxClientRequestID))
	for i := 0; i < len(s) && len(out) < maxClientRequestID; i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '/' || c == '-' {
			out = append(out, c)
		}
	}
	return string(out)
}

// clientRequestIDFrom returns the client's sanitized request id, or "".
func clientRequestIDFrom(ctx context.Context) string {
	c, _ := ctx.Value(clientRequestIDKey{}).(string)
	return c
}

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
		ids := &requestIDs{Context: r.Context(), id: newRequestID()}
		ids.idHeader[0] = ids.id
		if c := r.Header.Get(middleware.RequestIDHeader); c != "" {
			ids.client = clientRequestID(c)
		}
		next.ServeHTTP(w, r.WithContext(ids))
	})
}

// requestIDs is the context requestID makes: both ids in one value, where
// a context.WithValue each would cost a request two allocations and every
// lookup a longer walk. idHeader is the X-Request-Id header's value,
// allocated with it.
type requestIDs struct {
	context.Context
	id, client string
	idHeader   [1]string
}

// Value answers chi's request id key and clientRequestIDKey as
// context.WithValue would have; the client's id only when there is one.
func (c *requestIDs) Value(key any) any {
	switch key {
	case middleware.RequestIDKey:
		return c.id
	case clientRequestIDKey{}:
		if c.client != "" {
			return c.client
		}
	}
	return c.Context.Value(key)
}

// requestIDHeader returns the X-Request-Id header's value of a request
// requestID gave an id: a slice that costs no allocation of its own.
func requestIDHeader(ctx context.Context) []string {
	if c, ok := ctx.(*requestIDs); ok {
		return c.idHeader[:]
	}
	return []string{middleware.GetReqID(ctx)}
}

// newRequestID returns 20 random hex digits: short enough to read out to
// support, long enough never to repeat.
func newRequestID() string {
	var b [10]byte
	rand.Read(b[:])
	var h [20]byte
	hex.Encode(h[:], b[:])
	return string(h[:])
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

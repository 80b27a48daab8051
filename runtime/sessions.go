package runtime

import (
	"context"
	"time"
)

// SessionStore keeps web sessions. The data is the web layer's own
// encoding; the store only keeps it until it expires.
type SessionStore interface {
	// PutSession stores data under id for ttl, replacing what was there.
	PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error
	// Session returns a session's data; an expired session is ErrNotFound.
	Session(ctx context.Context, id string) ([]byte, error)
	// DeleteSession removes a session. Removing a missing one is not an
	// error, so signing out twice is harmless.
	DeleteSession(ctx context.Context, id string) error
}

package runtime

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// SessionStore keeps web sessions. The data is the web layer's own
// encoding; the store only keeps it until it expires.
//
// A signed-in session is also kept in its person's index, so that "sign
// out everywhere" can end every session of one person at once.
type SessionStore interface {
	// PutSession stores data under id for ttl, replacing what was there.
	PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error
	// PutPersonSession stores a signed-in session of person under id for
	// ttl, replacing what was there, and adds it to the person's index, in
	// one atomic step. id must contain SessionTag(person), so that a
	// store spread over a cluster keeps a person's sessions together; an
	// id without it is refused.
	PutPersonSession(ctx context.Context, person, id string, data []byte, ttl time.Duration) error
	// Session returns a session's data; an expired session is ErrNotFound.
	Session(ctx context.Context, id string) ([]byte, error)
	// DeleteSession removes a session. Removing a missing one is not an
	// error, so signing out twice is harmless.
	DeleteSession(ctx context.Context, id string) error
	// DeleteSessions removes every session in person's index, and the
	// index, in one atomic step, and returns how many live sessions it
	// ended. A person with none is not an error.
	DeleteSessions(ctx context.Context, person string) (int, error)
}

// SessionTag is the tag a signed-in session's id carries to name its
// person's group without naming the person: "{ps:" and 16 hex digits of
// a hash of the person, then "}". The braces make it the Redis Cluster
// hash tag of every key it is part of.
func SessionTag(person string) string {
	sum := sha256.Sum256([]byte("stegvis session of " + person))
	return "{ps:" + hex.EncodeToString(sum[:8]) + "}"
}

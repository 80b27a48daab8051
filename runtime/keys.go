package runtime

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"time"
)

// Idempotency keys. Every write command may carry a key: a token of the
// form it was posted from, or the request id. The store remembers the
// keys of an enrolment's recent appends in the same atomic step as the
// events, and refuses an append whose key it has seen (ErrDuplicate), so a
// retry of a command, by the Redis client after a timeout or by a user who
// got no answer, is never applied twice.
//
// Stores keep a key as its KeyDigestSize-byte digest, newest first, in
// one value of KeysKept digests per enrolment; the Redis store drops the
// value KeysWindow after the enrolment's last keyed append, so an idle
// enrolment costs nothing and an active one at most a few hundred bytes.
const (
	// KeysKept is how many recent keys a store remembers per enrolment.
	KeysKept = 32
	// KeysWindow is how long after its last keyed append a store must
	// still remember an enrolment's keys.
	KeysWindow = 24 * time.Hour
	// KeyDigestSize is the length in bytes of KeyDigest. 64 bits make a
	// false duplicate among KeysKept keys a chance of about 2^-59.
	KeyDigestSize = 8
)

// ErrDuplicate means an append carried an idempotency key the enrolment
// has already applied. Nothing was written; the service returns the
// current state as the command's result.
var ErrDuplicate = errors.New("duplicate: the command was applied before")

// KeyDigest returns the digest of an idempotency key that stores keep.
func KeyDigest(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return sum[:KeyDigestSize]
}

// HasKey reports whether the digest list keys (as RememberKey makes it)
// holds digest.
func HasKey(keys, digest []byte) bool {
	for i := 0; i+KeyDigestSize <= len(keys); i += KeyDigestSize {
		if bytes.Equal(keys[i:i+KeyDigestSize], digest) {
			return true
		}
	}
	return false
}

// RememberKey returns a new digest list with digest first and at most
// KeysKept digests of keys after it.
func RememberKey(keys, digest []byte) []byte {
	n := min(len(keys)/KeyDigestSize, KeysKept-1) * KeyDigestSize
	out := make([]byte, 0, KeyDigestSize+n)
	return append(append(out, digest...), keys[:n]...)
}

package runtime

import "errors"

// Errors every store and the service return, to be tested with errors.Is.
// Their messages are for logs; the web layer maps them to text for users.
var (
	// ErrNotFound means the thing asked for does not exist. A lookup never
	// returns a nil value and a nil error.
	ErrNotFound = errors.New("not found")
	// ErrConflict means an append expected another sequence number than the
	// log has: someone else wrote first. The service retries; it returns
	// ErrConflict only when its retries are used up.
	ErrConflict = errors.New("conflict: the enrolment was changed concurrently")
	// ErrExists means a create found the thing already there.
	ErrExists = errors.New("already exists")
	// ErrEnded means the enrolment has ended and takes no more changes.
	ErrEnded = errors.New("enrolment has ended")
	// ErrReadOnly means the enrolment is in maintenance ("vidmakthållande"):
	// the citizen can read everything but write nothing.
	ErrReadOnly = errors.New("enrolment is read-only in maintenance")
	// ErrInvalid means a command does not fit the enrolment's state or its
	// program: an unknown step, completing a module that is not current, a
	// hidden step opened by the citizen.
	ErrInvalid = errors.New("invalid command")
	// ErrUnavailable means the store did not answer: it is down, stalled
	// or too slow for the caller's deadline. Nothing was written, or it
	// cannot be told whether it was; trying again later is safe.
	ErrUnavailable = errors.New("store unavailable")
)

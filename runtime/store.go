package runtime

import "context"

// Store is everything the runtime keeps. runtime/embedded (one bbolt file,
// the default) and runtime/redis (production, any number of replicas)
// implement it, and runtime/storetest checks both against one suite.
//
// Every method is safe for concurrent use. Lookups of one thing return
// ErrNotFound when it is missing, never a nil value with a nil error.
// Lists return no elements (possibly a nil slice), not an error, when
// there is nothing.
type Store interface {
	EnrolmentStore
	BundleStore
	GuardianStore
	SelfEnrolStore
	DirectoryStore
	SessionStore
	QueueStore
	InboxStore
	RateLimiter
	AccessLog
	SummaryStore

	// Ping reports whether the store can serve requests, for readiness.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close() error
}

package runtime

import (
	"context"
	"time"
)

// Limit is a token bucket: Burst tokens at most, one more every Every. A
// bucket that has not been used for Burst×Every is full again.
type Limit struct {
	Burst int
	Every time.Duration
}

// RateLimiter keeps token buckets in the store, so that every replica
// draws from the same bucket: sign-in is limited per client address and
// per account however many servers answer.
type RateLimiter interface {
	// TakeToken takes one token from the bucket named key, filled by
	// limit. It returns 0 when a token was taken, or how long until one
	// will be there when the bucket is empty (no token is taken then).
	TakeToken(ctx context.Context, key string, limit Limit) (time.Duration, error)
}

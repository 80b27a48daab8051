package redis

import (
	"context"

	"github.com/stegvis/stegvis/runtime"
)

// LoadShared is Load without the copy (runtime.SharedLoader): it returns
// the decoded snapshot that the store's cache keeps, shared with every
// other reader, which must never be written to. Unlike Load, it takes the
// snapshot read ahead with the request's session (PageAhead).
func (s *Store) LoadShared(ctx context.Context, id string) (*runtime.Enrolment, error) {
	return s.load(ctx, id, true, s.snaps.DecodeShared)
}

// The store is a runtime.SharedLoader.
var _ runtime.SharedLoader = (*Store)(nil)

package runtime

import "context"

// SharedLoader is a store that can hand out the state it keeps of an
// enrolment without copying it (runtime/embedded and runtime/redis do,
// through SnapshotCache.DecodeShared). Enrolments.View uses it when the
// store has it.
type SharedLoader interface {
	// LoadShared is EnrolmentStore.Load without the copy: the result may
	// be the very value every other reader of the same snapshot gets, so
	// it must never be written to (see snapshot_shared.go).
	LoadShared(ctx context.Context, id string) (*Enrolment, error)
}

// View returns the current state of an enrolment for reading only, as a
// page shows it: from a SharedLoader store, without the copy Get makes.
// The result may be shared with every other reader of the enrolment, so
// the caller must never write to it nor to anything it reaches (its maps,
// slices and the structs they point to): a caller that wants a changed
// state runs a command (Do, which works on a copy of its own) or changes
// a Clone. Get is View for a caller that owns the result.
func (s *Enrolments) View(ctx context.Context, id string) (*Enrolment, error) {
	if sl, ok := s.Store.(SharedLoader); ok {
		return s.current(ctx, id, sl.LoadShared)
	}
	return s.Get(ctx, id)
}

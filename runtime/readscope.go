package runtime

import "context"

// ReadScoper is offered by stores that can serve the reads of one request
// from one consistent read transaction instead of one each (the embedded
// store: bbolt takes two global locks to begin and end every read
// transaction, and a page reads the session, the user, the enrolment and
// the inbox). The web layer opens a scope around each request when its
// store offers one.
//
// Inside a scope every read with the returned context, or one made from
// it, sees the store as it was at the scope's first read. A write with
// such a context first ends the scope's transaction, so the reads after it
// see the write and every later one; a scope therefore never hides a
// request's own writes. end releases the transaction; reads with the
// context after end run in transactions of their own again.
// Reads and writes with a context from outside the scope must not be made
// while it is open: on bbolt a remap of a growing file waits for the open
// transaction, which would then wait for them.
type ReadScoper interface {
	ReadScope(ctx context.Context) (scoped context.Context, end func())
}

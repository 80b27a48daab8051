package runtime

import "context"

// PageReader is a store that can read what a page reads first in one
// round trip, where one read after another would take one each: the
// request's session, the enrolment the page shows and, when the store
// knows that enrolment's citizen from an earlier read, the citizen's inbox
// (runtime/redis does; the embedded store serves a request's reads from
// one transaction anyway and has no need).
type PageReader interface {
	// PageAhead returns a context with which the next Session(ctx,
	// session) also reads enrolment's stored state and, withInbox, its
	// citizen's inbox. The first load of that enrolment (Load, LoadShared) and the
	// first Inbox of that citizen with the context then take what was
	// read, unless the context changed them in between (Append,
	// AddToInbox, MarkInboxRead); every other read is made as usual. Both
	// are read at the same moment as the session, so a page never shows
	// a state older than its request or than its own changes. Nothing is
	// shown before the page's access checks pass, as without it.
	PageAhead(ctx context.Context, session, enrolment string, withInbox bool) context.Context
}

// Citizen returns the personal identity number of an enrolment's citizen
// as the cache last decoded it, "" when it holds none: a guess, for
// reading ahead, never for deciding who may see what.
func (c *SnapshotCache) Citizen(id string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if hit, ok := c.m[id]; ok {
		return hit.e.Citizen
	}
	return ""
}

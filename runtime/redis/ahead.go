// Reading ahead for one request (runtime.PageReader): what a page reads
// first, its session, the enrolment it shows and that citizen's inbox, in
// one round trip where one read after another would take three.

package redis

import (
	"context"
	"errors"
	"sync"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

type aheadKey struct{}

// Where one read of an ahead is.
const (
	aheadNone    = iota // not asked for
	aheadWanted         // to be read with the session
	aheadReading        // being read
	aheadRead           // read, for its reader to take
	aheadDone           // taken, dropped by a change, or never read
)

// ahead is what one request reads ahead: its session (by key) with an
// enrolment's snapshot (by id), and a recipient's inbox. Each is read once
// and taken once; a change the request makes drops what it changed.
type ahead struct {
	s  *Store
	mu sync.Mutex

	session      string
	sessionState int

	id        string
	snapState int
	snap      string
	snapErr   error // nil or goredis.Nil

	r          runtime.Recipient
	inboxState int
	items      []runtime.InboxItem
}

// PageAhead returns a context with which the next Session of session also
// reads enrolment's snapshot and, withInbox and when the snapshot cache
// knows the enrolment's citizen, the citizen's inbox, in one pipeline
// (runtime.PageReader).
func (s *Store) PageAhead(ctx context.Context, session, enrolment string, withInbox bool) context.Context {
	a := &ahead{s: s, session: session, sessionState: aheadWanted, id: enrolment, snapState: aheadWanted}
	if citizen := s.snaps.Citizen(enrolment); withInbox && citizen != "" {
		a.r, a.inboxState = runtime.Recipient{Kind: runtime.RecipientCitizen, ID: citizen}, aheadWanted
	}
	return context.WithValue(ctx, aheadKey{}, a)
}

// aheadOf returns what ctx asks this store to read ahead, nil for
// nothing; the methods of a nil *ahead do nothing.
func (s *Store) aheadOf(ctx context.Context) *ahead {
	a, _ := ctx.Value(aheadKey{}).(*ahead)
	if a == nil || a.s != s {
		return nil
	}
	return a
}

// claimSession reports whether session is the one to read ahead, and if
// so marks it and what goes with it being read: the snapshot, and the
// inbox when one is wanted.
func (a *ahead) claimSession(session string) (ok, wantInbox bool) {
	if a == nil {
		return false, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sessionState != aheadWanted || a.session != session {
		return false, false
	}
	a.sessionState, a.snapState = aheadDone, aheadReading
	if a.inboxState == aheadWanted {
		a.inboxState = aheadReading
		return true, true
	}
	return true, false
}

// keepSnap keeps the snapshot read with the session, unless a change
// dropped it meanwhile; a failed read is not kept, so Load reads again.
func (a *ahead) keepSnap(snap string, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.snapState != aheadReading {
		return
	}
	if err != nil && !errors.Is(err, goredis.Nil) {
		a.snapState = aheadDone
		return
	}
	a.snapState, a.snap, a.snapErr = aheadRead, snap, err
}

// takeSnap returns the snapshot of id read ahead, once: ok is false when
// there is none to take, and err is goredis.Nil when there was no
// snapshot.
func (a *ahead) takeSnap(id string) (snap string, ok bool, err error) {
	if a == nil {
		return "", false, nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.snapState != aheadRead || a.id != id {
		return "", false, nil
	}
	snap, err = a.snap, a.snapErr
	a.snapState, a.snap = aheadDone, ""
	return snap, true, err
}

// dropSnap forgets id's snapshot read ahead before the request changes it.
func (a *ahead) dropSnap(id string) {
	if a == nil || a.id != id {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.snapState, a.snap = aheadDone, ""
}

// keepInbox keeps the inbox read ahead, unless a change dropped it
// meanwhile.
func (a *ahead) keepInbox(items []runtime.InboxItem, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.inboxState != aheadReading {
		return
	}
	if !ok {
		a.inboxState = aheadDone
		return
	}
	a.inboxState, a.items = aheadRead, items
}

// use returns the inbox read ahead when it is r's and still to be taken.
func (a *ahead) use(r runtime.Recipient) ([]runtime.InboxItem, bool) {
	if a == nil {
		return nil, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.inboxState != aheadRead || a.r != r {
		return nil, false
	}
	items := a.items
	a.inboxState, a.items = aheadDone, nil
	return items, true
}

// drop forgets r's inbox read ahead, and stops it being read, before a
// change to it: the request's later Inbox then reads the change.
func (a *ahead) drop(r runtime.Recipient) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.r == r {
		a.inboxState, a.items = aheadDone, nil
	}
}

// sessionAhead reads a session and, when ctx asks for it (PageAhead),
// the page's snapshot and inbox with it, in one pipeline (on a cluster
// the reads go to their slots' nodes at once), which the reads ahead of
// other pages under way may share (readPage).
func (s *Store) sessionAhead(ctx context.Context, key, sessionID string) ([]byte, error) {
	a := s.aheadOf(ctx)
	ok, withInbox := a.claimSession(sessionID)
	if !ok {
		return s.rdb.Get(ctx, key).Bytes()
	}
	r := &pageRead{key: key, a: a, withInbox: withInbox}
	if err := s.readPage(ctx, r); err != nil {
		return nil, err
	}
	a.keepSnap(r.snap.Result())
	if withInbox {
		a.keepInbox(inboxReply(r.inbox))
	}
	return r.session.Bytes()
}

// snapshot reads an enrolment's snapshot: for a page's view, as read
// ahead with the session; else with one GET. A command's Load never takes
// what was read ahead: it would only fail its append if the enrolment
// changed since.
func (s *Store) snapshot(ctx context.Context, id string, view bool) (string, error) {
	if view {
		if snap, ok, err := s.aheadOf(ctx).takeSnap(id); ok {
			return snap, err
		}
	}
	return s.rdb.Get(ctx, s.snapKey(id)).Result()
}

// pipedInbox is the read of an inbox queued on a pipeline.
type pipedInbox struct{ read, items *goredis.MapStringStringCmd }

// pipeInbox queues the read of r's inbox on p: its read marks, then its
// items. The two are plain reads, where Inbox reads them in a
// transaction, so that they can share a pipeline with keys of other
// slots on a cluster; in this order they can only show a state a moment
// old. An item added between them shows unread, an item marked read
// between them unread still, and one dropped between them (with its
// mark) not at all.
func (s *Store) pipeInbox(ctx context.Context, p goredis.Pipeliner, r runtime.Recipient) pipedInbox {
	keys := s.inboxKeys(r)
	read := p.HGetAll(ctx, keys[2])
	return pipedInbox{read: read, items: p.HGetAll(ctx, keys[0])}
}

// inboxReply decodes an inbox read on a pipeline: its items, and whether
// they were read.
func inboxReply(in pipedInbox) ([]runtime.InboxItem, bool) {
	items, err := in.items.Result()
	if err != nil {
		return nil, false
	}
	read, err := in.read.Result()
	if err != nil {
		return nil, false
	}
	out, err := decodeInbox(items, read)
	return out, err == nil
}

// The store reads pages ahead.
var _ runtime.PageReader = (*Store)(nil)

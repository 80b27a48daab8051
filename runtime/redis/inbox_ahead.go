// Reading an inbox ahead, with the enrolment a page loads
// (runtime.InboxStore.InboxAhead): one round trip instead of two.

package redis

import (
	"context"
	"fmt"
	"sync"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// readInboxScript reads an inbox's items (KEYS[1]) and read marks
// (KEYS[2]) together, as Inbox's transaction does; as one command it can
// share a pipeline with a key of another slot, which a transaction cannot
// on a cluster.
var readInboxScript = goredis.NewScript(`
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
`)

type aheadKey struct{}

// Where an inboxAhead is.
const (
	aheadWanted  = iota // InboxAhead asked for it
	aheadReading        // Load is reading it
	aheadRead           // read, for Inbox to take
	aheadDone           // taken, dropped by a change, or never read
)

// inboxAhead is a recipient's inbox read ahead for one request.
type inboxAhead struct {
	s     *Store
	r     runtime.Recipient
	mu    sync.Mutex
	state int
	items []runtime.InboxItem
}

// InboxAhead returns a context with which the next Load reads r's inbox
// in the same round trip as the snapshot, for the first Inbox of r after
// it (see runtime.InboxStore).
func (s *Store) InboxAhead(ctx context.Context, r runtime.Recipient) context.Context {
	return context.WithValue(ctx, aheadKey{}, &inboxAhead{s: s, r: r})
}

// aheadOf returns the inbox that ctx asks this store to read ahead, nil
// for none; the methods of a nil *inboxAhead do nothing.
func (s *Store) aheadOf(ctx context.Context) *inboxAhead {
	a, _ := ctx.Value(aheadKey{}).(*inboxAhead)
	if a == nil || a.s != s {
		return nil
	}
	return a
}

// claim reports whether the inbox is still to be read, and if so marks
// it being read.
func (a *inboxAhead) claim() bool {
	if a == nil {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.state != aheadWanted {
		return false
	}
	a.state = aheadReading
	return true
}

// keep keeps the inbox read by Load, unless a change dropped it meanwhile.
func (a *inboxAhead) keep(items []runtime.InboxItem, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.state != aheadReading {
		return
	}
	if !ok {
		a.state = aheadDone
		return
	}
	a.state, a.items = aheadRead, items
}

// use returns the inbox read ahead when it is r's and still to be taken.
func (a *inboxAhead) use(r runtime.Recipient) ([]runtime.InboxItem, bool) {
	if a == nil {
		return nil, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.state != aheadRead || a.r != r {
		return nil, false
	}
	items := a.items
	a.state, a.items = aheadDone, nil
	return items, true
}

// drop forgets r's inbox read ahead, and stops it being read, before a
// change to it: the request's later Inbox then reads the change.
func (a *inboxAhead) drop(r runtime.Recipient) {
	if a == nil || a.r != r {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.state, a.items = aheadDone, nil
}

// snapshot reads an enrolment's snapshot: with one GET, or, when ctx asks
// for an inbox read ahead, in one pipeline with the inbox (on a cluster
// the two go to their slots' nodes at once).
func (s *Store) snapshot(ctx context.Context, id string) (string, error) {
	a := s.aheadOf(ctx)
	if !a.claim() {
		return s.rdb.Get(ctx, s.snapKey(id)).Result()
	}
	keys := s.inboxKeys(a.r)
	p := s.rdb.Pipeline()
	snap := p.Get(ctx, s.snapKey(id))
	inbox := p.EvalSha(ctx, readInboxScript.Hash(), []string{keys[0], keys[2]})
	_, _ = p.Exec(ctx) // each command has its own result
	items, err := decodeInboxReply(inbox)
	if goredis.HasErrorPrefix(err, "NOSCRIPT") {
		// Redis restarted or the script was flushed: load it for the
		// next request; this one reads its inbox as usual.
		_ = readInboxScript.Load(ctx, s.rdb).Err()
	}
	a.keep(items, err == nil)
	return snap.Result()
}

// decodeInboxReply decodes readInboxScript's reply as Inbox decodes its
// transaction's.
func decodeInboxReply(cmd *goredis.Cmd) ([]runtime.InboxItem, error) {
	v, err := cmd.Slice()
	if err != nil {
		return nil, err
	}
	if len(v) != 2 {
		return nil, fmt.Errorf("read inbox: %d replies, want 2", len(v))
	}
	var hashes [2]map[string]string
	for i := range hashes {
		flat, ok := v[i].([]any)
		if !ok || len(flat)%2 != 0 {
			return nil, fmt.Errorf("read inbox: reply %d is %T", i, v[i])
		}
		hashes[i] = make(map[string]string, len(flat)/2)
		for j := 0; j < len(flat); j += 2 {
			k, kok := flat[j].(string)
			val, vok := flat[j+1].(string)
			if !kok || !vok {
				return nil, fmt.Errorf("read inbox: reply %d holds %T, %T", i, flat[j], flat[j+1])
			}
			hashes[i][k] = val
		}
	}
	return decodeInbox(hashes[0], hashes[1])
}

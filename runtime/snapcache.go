package runtime

import "sync"

// SnapshotCache keeps the decoded snapshots of recently read enrolments,
// each with the stored bytes it was decoded from. Reading an enrolment whose
// stored snapshot has not changed then costs a comparison and a copy instead
// of a decode, or only the comparison for a reader that shares the kept
// state (DecodeShared, in snapshot_shared.go). It is checked against what
// the store holds on every read, so it is never stale, whatever other
// replicas write. Stores use it; it is safe for concurrent use.
//
// A kept state is never written after it is kept: Decode hands out copies,
// DecodeShared the state itself to readers bound not to write it.
type SnapshotCache struct {
	mu  sync.Mutex
	max int
	m   map[string]cachedSnapshot
}

type cachedSnapshot struct {
	raw string
	e   *Enrolment
	// enc is e's encoding when it was kept, while verifyShared is on.
	enc []byte
}

// NewSnapshotCache returns a cache of at most max enrolments.
func NewSnapshotCache(max int) *SnapshotCache {
	return &SnapshotCache{max: max, m: make(map[string]cachedSnapshot)}
}

// Decode returns the enrolment whose stored snapshot is raw: a copy of the
// cached one when raw is what it was decoded from, else decode(raw), which
// is then kept. The caller owns the result and may change it.
func (c *SnapshotCache) Decode(id, raw string, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	e, err := c.shared(id, raw, decode)
	if err != nil {
		return nil, err
	}
	return e.Clone(), nil
}

// DecodeBytes is Decode for a snapshot read as bytes, such as a bbolt
// value valid only in its transaction: the comparison with the cached
// snapshot copies nothing, and raw is copied only when it is kept.
func (c *SnapshotCache) DecodeBytes(id string, raw []byte, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	e, err := c.sharedBytes(id, raw, decode)
	if err != nil {
		return nil, err
	}
	return e.Clone(), nil
}

// shared returns the kept state decoded from raw, decoding and keeping it
// when the cache holds another or none. The result must not be written.
func (c *SnapshotCache) shared(id, raw string, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	if hit, ok := c.lookup(id); ok && hit.raw == raw {
		return hit.e, nil
	}
	e, err := decode(raw)
	if err != nil {
		return nil, err
	}
	e.share()
	c.keep(id, cachedSnapshot{raw: raw, e: e, enc: encodingOf(e)})
	return e, nil
}

// sharedBytes is shared for raw read as bytes.
func (c *SnapshotCache) sharedBytes(id string, raw []byte, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	if hit, ok := c.lookup(id); ok && hit.raw == string(raw) {
		return hit.e, nil
	}
	return c.shared(id, string(raw), decode)
}

// lookup returns what the cache keeps of id, checked first while
// verifyShared is on.
func (c *SnapshotCache) lookup(id string) (cachedSnapshot, bool) {
	c.mu.Lock()
	hit, ok := c.m[id]
	c.mu.Unlock()
	if ok && hit.enc != nil {
		hit.verify(id)
	}
	return hit, ok
}

func (c *SnapshotCache) keep(id string, s cachedSnapshot) {
	c.mu.Lock()
	if len(c.m) >= c.max {
		for k := range c.m { // maps iterate from a random place: a random eviction
			delete(c.m, k)
			break
		}
	}
	c.m[id] = s
	c.mu.Unlock()
}

// Forget drops an enrolment from the cache, as its purge does, so that
// no copy of its state stays in memory.
func (c *SnapshotCache) Forget(id string) {
	c.mu.Lock()
	delete(c.m, id)
	c.mu.Unlock()
}

// Holds reports whether the cache holds a decoded state of an enrolment.
func (c *SnapshotCache) Holds(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[id]
	return ok
}

package runtime

import "sync"

// SnapshotCache keeps the decoded snapshots of recently read enrolments,
// each with the stored bytes it was decoded from. Reading an enrolment whose
// stored snapshot has not changed then costs a comparison and a copy instead
// of a decode. It is checked against what the store holds on every read, so
// it is never stale, whatever other replicas write. Stores use it; it is
// safe for concurrent use.
type SnapshotCache struct {
	mu  sync.Mutex
	max int
	m   map[string]cachedSnapshot
}

type cachedSnapshot struct {
	raw string
	e   *Enrolment
}

// NewSnapshotCache returns a cache of at most max enrolments.
func NewSnapshotCache(max int) *SnapshotCache {
	return &SnapshotCache{max: max, m: make(map[string]cachedSnapshot)}
}

// Decode returns the enrolment whose stored snapshot is raw: a copy of the
// cached one when raw is what it was decoded from, else decode(raw), which
// is then kept. The caller owns the result and may change it.
func (c *SnapshotCache) Decode(id, raw string, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	c.mu.Lock()
	hit, ok := c.m[id]
	c.mu.Unlock()
	if ok && hit.raw == raw {
		return hit.e.Clone(), nil
	}
	e, err := decode(raw)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.m) >= c.max {
		for k := range c.m { // maps iterate from a random place: a random eviction
			delete(c.m, k)
			break
		}
	}
	c.m[id] = cachedSnapshot{raw: raw, e: e}
	c.mu.Unlock()
	return e.Clone(), nil
}

// DecodeBytes is Decode for a snapshot read as bytes, such as a bbolt
// value valid only in its transaction: the comparison with the cached
// snapshot copies nothing, and raw is copied only when it is kept.
func (c *SnapshotCache) DecodeBytes(id string, raw []byte, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	c.mu.Lock()
	hit, ok := c.m[id]
	c.mu.Unlock()
	if ok && hit.raw == string(raw) {
		return hit.e.Clone(), nil
	}
	return c.Decode(id, string(raw), decode)
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

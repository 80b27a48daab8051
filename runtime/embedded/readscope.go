// The request's read scope (runtime.ReadScoper) and the three ways every
// sub-store reaches the file: view (one read transaction, the scope's when
// the context carries one), update (one write transaction) and write
// (a write coalesced with concurrent ones into one fsync).

package embedded

import (
	"context"
	"sync"

	bolt "go.etcd.io/bbolt"
)

type scopeKey struct{}

// scope is one request's read transaction, begun at its first read and
// rolled back before the request's first write and at its end.
type scope struct {
	s  *Store
	mu sync.Mutex // a bolt.Tx is not safe for concurrent use
	tx *bolt.Tx
	// ended is set by end: reads after it begin transactions of their own.
	ended bool
	// writing counts the writes with the scope's context under way.
	writing int
}

// ReadScope returns a context whose reads share one read transaction until
// a write with it or end (see runtime.ReadScoper). The transaction is
// begun lazily, so a request that reads nothing costs nothing.
func (s *Store) ReadScope(ctx context.Context) (context.Context, func()) {
	sc := &scope{s: s}
	return context.WithValue(ctx, scopeKey{}, sc), sc.end
}

func (s *Store) scopeOf(ctx context.Context) *scope {
	sc, _ := ctx.Value(scopeKey{}).(*scope)
	if sc == nil || sc.s != s {
		return nil
	}
	return sc
}

// hold rolls the scope's transaction back for a write and keeps it from
// beginning another until the returned function is called: reads with the
// scope meanwhile run in transactions of their own, so none holds the
// file's map while the write may need to grow it.
func (sc *scope) hold() (done func()) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.tx != nil {
		sc.tx.Rollback()
		sc.tx = nil
	}
	sc.writing++
	return func() {
		sc.mu.Lock()
		sc.writing--
		sc.mu.Unlock()
	}
}

func (sc *scope) end() {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.tx != nil {
		sc.tx.Rollback()
		sc.tx = nil
	}
	sc.ended = true
}

// view runs fn in a read transaction: the scope's when ctx carries an open
// one, else one of its own. fn must not keep what the transaction's
// values point to after it returns.
func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	sc := s.scopeOf(ctx)
	if sc == nil {
		return s.db.View(fn)
	}
	sc.mu.Lock()
	if sc.ended || sc.writing > 0 {
		sc.mu.Unlock()
		return s.db.View(fn)
	}
	defer sc.mu.Unlock()
	if sc.tx == nil {
		tx, err := s.db.Begin(false)
		if err != nil {
			return err
		}
		sc.tx = tx
	}
	return fn(sc.tx)
}

// update runs fn in a write transaction of its own, committed (and
// fsynced) before it returns, after ending ctx's scope's transaction so
// that the reads after it see the write.
func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if sc := s.scopeOf(ctx); sc != nil {
		defer sc.hold()()
	}
	return s.db.Update(fn)
}

// write is update for writes that may share a transaction, and its
// fsync, with concurrent ones: alone it commits at once; while another
// write is under way it joins bolt's batch (DB.Batch), which commits
// every write that joined within MaxBatchDelay together. Either way it
// returns only once its changes are durable. fn may run more than once
// (a batch whose other function fails is rolled back and run again), so it
// must start from the transaction alone: reset whatever it reports and
// keep no effect outside the transaction. An error from fn fails only its
// own write, which bolt then runs alone.
func (s *Store) write(ctx context.Context, fn func(*bolt.Tx) error) error {
	if sc := s.scopeOf(ctx); sc != nil {
		defer sc.hold()()
	}
	defer s.writing.Add(-1)
	if s.writing.Add(1) == 1 {
		return s.db.Update(fn)
	}
	return s.db.Batch(fn)
}

// Package embedded is the default store of stegvis: everything in one
// bbolt file beside the binary, so a clinic or a developer runs the server
// with no database to install.
//
// bbolt is pure Go (no cgo, one static binary), keeps its data in a single
// file, and gives ACID transactions with one writer at a time: an append
// checks the log's sequence and writes events, snapshot and indexes in one
// transaction, which is fsynced before Append returns. Readers never block
// the writer. That is the whole contract runtime.Store asks for, with less
// machinery than SQLite and no second process like Redis.
//
// The file holds these buckets:
//
//	enrolments/<id>/snap        the snapshot (JSON)
//	enrolments/<id>/log/<seq>   events, seq as 8 bytes big-endian; the log
//	                            bucket's sequence is the last seq
//	index/<kind:key>/<id>       index memberships
//	bundles/<name>/<path>       bundle files
//	publications/<bundle>       runtime.Publication (JSON)
//	activations/<unit>/<prog>   runtime.Activation (JSON)
//	units/<id>, staff/<id>, citizens/<pnr>    records (JSON)
//	roles/<staff>/<unit>        a staff member's roles on a unit (JSON)
//	sessions/<id>               expiry (8 bytes, Unix ns) + data
//	jobs/<id>, due/<at><id>     the due-time queue (see queue.go)
package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	bucketEnrolments   = []byte("enrolments")
	bucketIndex        = []byte("index")
	bucketBundles      = []byte("bundles")
	bucketPublications = []byte("publications")
	bucketActivations  = []byte("activations")
	bucketUnits        = []byte("units")
	bucketStaff        = []byte("staff")
	bucketRoles        = []byte("roles")
	bucketCitizens     = []byte("citizens")
	bucketSessions     = []byte("sessions")

	keySnap = []byte("snap")
	keyLog  = []byte("log")
)

// sweepEvery is how many session writes pass between sweeps of expired
// sessions.
const sweepEvery = 256

// Store is a runtime.Store in one bbolt file.
type Store struct {
	db     *bolt.DB
	now    func() time.Time
	writes atomic.Int64
}

var _ runtime.Store = (*Store)(nil)

// Open opens or creates the store file at path. It waits at most a second
// for another process that has the file open.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, now: time.Now}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEnrolments, bucketIndex, bucketBundles, bucketPublications, bucketActivations,
			bucketUnits, bucketStaff, bucketRoles, bucketCitizens, bucketSessions, bucketJobs, bucketDue} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return s.sweep(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the file is open and readable.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEnrolments) == nil {
			return errors.New("ping: store not initialised")
		}
		return nil
	})
}

func seqKey(seq int64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(seq))
	return k[:]
}

func getJSON(b *bolt.Bucket, key string, v any) error {
	data := b.Get([]byte(key))
	if data == nil {
		return runtime.ErrNotFound
	}
	return json.Unmarshal(data, v)
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

// Append writes events, snapshot and index changes in one transaction.
// Unlike Redis, bbolt can keep the indexes exact: the old snapshot says
// which memberships to drop.
func (s *Store) Append(ctx context.Context, id string, expected int64, state *runtime.Enrolment, events ...runtime.Event) error {
	if err := runtime.CheckAppend(id, expected, state, events); err != nil {
		return err
	}
	snap, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	encoded := make([][]byte, len(events))
	for i, ev := range events {
		if encoded[i], err = json.Marshal(ev); err != nil {
			return fmt.Errorf("append %s: %w", id, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
		var old *runtime.Enrolment
		switch {
		case eb == nil && expected > 0:
			return runtime.ErrNotFound
		case eb == nil:
			var err error
			if eb, err = tx.Bucket(bucketEnrolments).CreateBucket([]byte(id)); err != nil {
				return err
			}
			if _, err := eb.CreateBucket(keyLog); err != nil {
				return err
			}
		default:
			if got := int64(eb.Bucket(keyLog).Sequence()); got != expected {
				return fmt.Errorf("log at %d, expected %d: %w", got, expected, runtime.ErrConflict)
			}
			old = new(runtime.Enrolment)
			if err := json.Unmarshal(eb.Get(keySnap), old); err != nil {
				return fmt.Errorf("old snapshot: %w", err)
			}
		}
		log := eb.Bucket(keyLog)
		for i, ev := range events {
			if err := log.Put(seqKey(ev.Seq), encoded[i]); err != nil {
				return err
			}
		}
		if err := log.SetSequence(uint64(state.Seq)); err != nil {
			return err
		}
		if err := eb.Put(keySnap, snap); err != nil {
			return err
		}
		return reindex(tx, id, old, state)
	})
	if err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	return nil
}

// reindex moves an enrolment from the indexes of its old state to those of
// its new one; new is nil when it is purged.
func reindex(tx *bolt.Tx, id string, old, new *runtime.Enrolment) error {
	var was, is []runtime.Index
	if old != nil {
		was = runtime.IndexesOf(old)
	}
	if new != nil {
		is = runtime.IndexesOf(new)
	}
	ixb := tx.Bucket(bucketIndex)
	for _, ix := range was {
		if slices.Contains(is, ix) {
			continue
		}
		if b := ixb.Bucket([]byte(ix.String())); b != nil {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
	}
	for _, ix := range is {
		b, err := ixb.CreateBucketIfNotExists([]byte(ix.String()))
		if err != nil {
			return err
		}
		if err := b.Put([]byte(id), []byte{}); err != nil {
			return err
		}
	}
	return nil
}

func loadSnapshot(tx *bolt.Tx, id string) (*runtime.Enrolment, error) {
	eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
	if eb == nil {
		return nil, runtime.ErrNotFound
	}
	e := new(runtime.Enrolment)
	if err := json.Unmarshal(eb.Get(keySnap), e); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	return e, nil
}

// Load returns an enrolment's snapshot.
func (s *Store) Load(ctx context.Context, id string) (*runtime.Enrolment, error) {
	var e *runtime.Enrolment
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		e, err = loadSnapshot(tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

// Events returns the events of an enrolment after a sequence number.
func (s *Store) Events(ctx context.Context, id string, after int64) ([]runtime.Event, error) {
	var out []runtime.Event
	err := s.db.View(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
		if eb == nil {
			return runtime.ErrNotFound
		}
		c := eb.Bucket(keyLog).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			var ev runtime.Event
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("decode event %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, ev)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	return out, nil
}

// Enrolments returns the enrolments in an index, oldest started first.
func (s *Store) Enrolments(ctx context.Context, ix runtime.Index) ([]*runtime.Enrolment, error) {
	var out []*runtime.Enrolment
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIndex).Bucket([]byte(ix.String()))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			e, err := loadSnapshot(tx, string(k))
			if errors.Is(err, runtime.ErrNotFound) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			if ix.Match(e) {
				out = append(out, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	runtime.SortEnrolments(out)
	return out, nil
}

// Purge deletes an enrolment with its log and index entries.
func (s *Store) Purge(ctx context.Context, id string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		old, err := loadSnapshot(tx, id)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketEnrolments).DeleteBucket([]byte(id)); err != nil {
			return err
		}
		return reindex(tx, id, old, nil)
	})
	if err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	return nil
}

// PutBundle stores a bundle's files unless the bundle is already stored.
func (s *Store) PutBundle(ctx context.Context, name string, files map[string][]byte) error {
	if len(files) == 0 {
		return fmt.Errorf("put bundle %s: no files", name)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		bs := tx.Bucket(bucketBundles)
		if bs.Bucket([]byte(name)) != nil {
			return nil
		}
		b, err := bs.CreateBucket([]byte(name))
		if err != nil {
			return err
		}
		for path, data := range files {
			if data == nil {
				data = []byte{}
			}
			if err := b.Put([]byte(path), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put bundle %s: %w", name, err)
	}
	return nil
}

// BundleFile returns one file of a bundle.
func (s *Store) BundleFile(ctx context.Context, name, path string) ([]byte, error) {
	var data []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketBundles).Bucket([]byte(name))
		if b == nil {
			return runtime.ErrNotFound
		}
		v := b.Get([]byte(path))
		if v == nil {
			return runtime.ErrNotFound
		}
		data = bytes.Clone(v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bundle file %s/%s: %w", name, path, err)
	}
	return data, nil
}

// Bundles returns the stored bundle names, sorted.
func (s *Store) Bundles(ctx context.Context) ([]string, error) {
	names := []string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketBundles).ForEachBucket(func(k []byte) error {
			names = append(names, string(k))
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("bundles: %w", err)
	}
	return names, nil
}

// Publish records a publication of a stored bundle.
func (s *Store) Publish(ctx context.Context, p runtime.Publication) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketBundles).Bucket([]byte(p.Bundle)) == nil {
			return fmt.Errorf("bundle not stored: %w", runtime.ErrNotFound)
		}
		return putJSON(tx.Bucket(bucketPublications), p.Bundle, p)
	})
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	return nil
}

// Publications returns every publication by program and time.
func (s *Store) Publications(ctx context.Context) ([]runtime.Publication, error) {
	out := []runtime.Publication{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPublications).ForEach(func(_, v []byte) error {
			var p runtime.Publication
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("publications: %w", err)
	}
	runtime.SortPublications(out)
	return out, nil
}

// Activate sets the bundle a unit runs a program on.
func (s *Store) Activate(ctx context.Context, a runtime.Activation) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketPublications).Get([]byte(a.Bundle)) == nil {
			return fmt.Errorf("bundle not published: %w", runtime.ErrNotFound)
		}
		b, err := tx.Bucket(bucketActivations).CreateBucketIfNotExists([]byte(a.Unit))
		if err != nil {
			return err
		}
		return putJSON(b, a.Program, a)
	})
	if err != nil {
		return fmt.Errorf("activate %s on %s: %w", a.Bundle, a.Unit, err)
	}
	return nil
}

// Deactivate removes a unit's activation of a program.
func (s *Store) Deactivate(ctx context.Context, unit, program string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketActivations).Bucket([]byte(unit))
		if b == nil || b.Get([]byte(program)) == nil {
			return runtime.ErrNotFound
		}
		return b.Delete([]byte(program))
	})
	if err != nil {
		return fmt.Errorf("deactivate %s on %s: %w", program, unit, err)
	}
	return nil
}

// Activation returns a unit's activation of a program.
func (s *Store) Activation(ctx context.Context, unit, program string) (runtime.Activation, error) {
	var a runtime.Activation
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketActivations).Bucket([]byte(unit))
		if b == nil {
			return runtime.ErrNotFound
		}
		return getJSON(b, program, &a)
	})
	if err != nil {
		return runtime.Activation{}, fmt.Errorf("activation of %s on %s: %w", program, unit, err)
	}
	return a, nil
}

// Activations returns a unit's activations by program.
func (s *Store) Activations(ctx context.Context, unit string) ([]runtime.Activation, error) {
	out := []runtime.Activation{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketActivations).Bucket([]byte(unit))
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var a runtime.Activation
			if err := json.Unmarshal(v, &a); err != nil {
				return err
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("activations on %s: %w", unit, err)
	}
	return out, nil
}

// PutUnit creates or replaces a unit.
func (s *Store) PutUnit(ctx context.Context, u runtime.Unit) error {
	if err := s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketUnits), u.ID, u) }); err != nil {
		return fmt.Errorf("put unit %s: %w", u.ID, err)
	}
	return nil
}

// Unit returns a unit.
func (s *Store) Unit(ctx context.Context, id string) (runtime.Unit, error) {
	var u runtime.Unit
	if err := s.db.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketUnits), id, &u) }); err != nil {
		return runtime.Unit{}, fmt.Errorf("unit %s: %w", id, err)
	}
	return u, nil
}

// Units returns every unit by id.
func (s *Store) Units(ctx context.Context) ([]runtime.Unit, error) {
	out := []runtime.Unit{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUnits).ForEach(func(_, v []byte) error {
			var u runtime.Unit
			if err := json.Unmarshal(v, &u); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return out, nil
}

// PutStaff creates or replaces a staff record, keeping its roles.
func (s *Store) PutStaff(ctx context.Context, st runtime.Staff) error {
	if err := s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketStaff), st.ID, st) }); err != nil {
		return fmt.Errorf("put staff %s: %w", st.ID, err)
	}
	return nil
}

func staffWithRoles(tx *bolt.Tx, id string, data []byte) (runtime.Staff, error) {
	var st runtime.Staff
	if err := json.Unmarshal(data, &st); err != nil {
		return st, err
	}
	b := tx.Bucket(bucketRoles).Bucket([]byte(id))
	if b == nil {
		return st, nil
	}
	err := b.ForEach(func(unit, v []byte) error {
		var roles []runtime.Role
		if err := json.Unmarshal(v, &roles); err != nil {
			return err
		}
		if st.Roles == nil {
			st.Roles = map[string][]runtime.Role{}
		}
		st.Roles[string(unit)] = roles
		return nil
	})
	return st, err
}

// Staff returns a staff member with their roles.
func (s *Store) Staff(ctx context.Context, id string) (runtime.Staff, error) {
	var st runtime.Staff
	err := s.db.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketStaff).Get([]byte(id))
		if data == nil {
			return runtime.ErrNotFound
		}
		var err error
		st, err = staffWithRoles(tx, id, data)
		return err
	})
	if err != nil {
		return runtime.Staff{}, fmt.Errorf("staff %s: %w", id, err)
	}
	return st, nil
}

// StaffMembers returns every staff member by id.
func (s *Store) StaffMembers(ctx context.Context) ([]runtime.Staff, error) {
	out := []runtime.Staff{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStaff).ForEach(func(k, v []byte) error {
			st, err := staffWithRoles(tx, string(k), v)
			if err != nil {
				return err
			}
			out = append(out, st)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("staff members: %w", err)
	}
	return out, nil
}

// SetRoles sets a staff member's roles on one unit.
func (s *Store) SetRoles(ctx context.Context, staff, unit string, roles []runtime.Role) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketStaff).Get([]byte(staff)) == nil {
			return runtime.ErrNotFound
		}
		b, err := tx.Bucket(bucketRoles).CreateBucketIfNotExists([]byte(staff))
		if err != nil {
			return err
		}
		if len(roles) == 0 {
			return b.Delete([]byte(unit))
		}
		return putJSON(b, unit, roles)
	})
	if err != nil {
		return fmt.Errorf("set roles of %s on %s: %w", staff, unit, err)
	}
	return nil
}

// PutCitizen creates or replaces a citizen.
func (s *Store) PutCitizen(ctx context.Context, c runtime.Citizen) error {
	if err := s.db.Update(func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketCitizens), c.PNR, c) }); err != nil {
		return fmt.Errorf("put citizen: %w", err)
	}
	return nil
}

// Citizen returns a citizen by personal identity number.
func (s *Store) Citizen(ctx context.Context, pnr string) (runtime.Citizen, error) {
	var c runtime.Citizen
	if err := s.db.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketCitizens), pnr, &c) }); err != nil {
		// The number itself stays out of the error, which may be logged.
		return runtime.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	return c, nil
}

// PutSession stores a session until now+ttl. Every sweepEvery writes it
// also deletes the expired sessions, which readers only skip.
func (s *Store) PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	v := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint64(v, uint64(s.now().Add(ttl).UnixNano()))
	v = append(v, data...)
	sweep := s.writes.Add(1)%sweepEvery == 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		if sweep {
			if err := s.sweep(tx); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketSessions).Put([]byte(id), v)
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// sweep deletes expired sessions.
func (s *Store) sweep(tx *bolt.Tx) error {
	now := uint64(s.now().UnixNano())
	b := tx.Bucket(bucketSessions)
	var expired [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if len(v) < 8 || binary.BigEndian.Uint64(v) <= now {
			expired = append(expired, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range expired {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Session returns a session's data unless it has expired.
func (s *Store) Session(ctx context.Context, id string) ([]byte, error) {
	var data []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get([]byte(id))
		if len(v) < 8 || binary.BigEndian.Uint64(v) <= uint64(s.now().UnixNano()) {
			return runtime.ErrNotFound
		}
		data = bytes.Clone(v[8:])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return data, nil
}

// DeleteSession removes a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete([]byte(id)) }); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

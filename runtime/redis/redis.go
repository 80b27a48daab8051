// Package redis is the production store of stegvis: any number of server
// replicas share one Redis, Redis Sentinel or Redis Cluster.
//
// # URLs
//
// Open takes the address as a URL:
//
//	redis://[user:password@]host:port[/db][?options]
//	rediss://…                                        the same over TLS
//	unix://[user:password@]/path/redis.sock[?db=N]
//	redis-sentinel://[user:password@]host:port[,host:port…][/db]?master_name=NAME[&password=…]
//	rediss-sentinel://…                               the same over TLS
//	redis-cluster://[user:password@]host:port[,host:port…][?options]
//	rediss-cluster://…                                the same over TLS
//
// For Sentinel, the hosts are the sentinels, user and password in the
// authority are the sentinels' own, and the password parameter is the
// master's. Options are go-redis' URL parameters (dial_timeout, pool_size,
// read_timeout, …).
//
// The tests run against REDIS_URL (default redis://127.0.0.1:6379) under a
// prefix of their own, so any of these forms can be tested, e.g.
//
//	REDIS_URL=redis-cluster://127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103 go test ./runtime/redis/
//
// # Keys
//
// With the key prefix P (Options.Prefix, "stegvis:" by default):
//
//	P{e:ID}:log        list of events; its length is the sequence
//	P{e:ID}:snap       the snapshot
//	Pix:KIND:KEY       set of enrolment ids: an index (runtime.Index)
//	Pbundle:NAME       hash of path → file bytes, one bundle
//	Pbundles           set of bundle names
//	Ppublications      hash of bundle → runtime.Publication (JSON)
//	Pactivations:UNIT  hash of program → runtime.Activation (JSON)
//	Punits, Pstaff, Pcitizens   hashes of id → record (JSON)
//	Proles:STAFF       hash of unit → roles (JSON)
//	Psession:ID        session data, with the session's TTL
//	P{q}:…             the due-time queue (see queue.go)
//
// The two keys of an enrolment share the hash tag {e:ID}, so in a cluster
// they live in one slot and an append is one Lua script: it checks the
// log's length against the expected sequence, pushes the events and sets
// the snapshot, all or nothing. Index sets span enrolments and so live in
// other slots; they are written after the script, idempotently, on every
// append, and readers drop members that no longer match (see the runtime
// package), so an index heals itself. The prefix must not contain braces.
package redis

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// Options configure a Store.
type Options struct {
	// Prefix starts every key, so several installations or test runs can
	// share one Redis. It defaults to "stegvis:".
	Prefix string
	// Logger receives failures that the store repairs later instead of
	// returning them, such as an index write after a successful append.
	// It defaults to slog.Default().
	Logger *slog.Logger
	// Snapshots is how many decoded snapshots the store keeps to skip
	// decoding an enrolment read again unchanged; 0 means 4096.
	Snapshots int
}

// Store is a runtime.Store in Redis.
type Store struct {
	rdb    goredis.UniversalClient
	prefix string
	log    *slog.Logger
	owns   bool
	snaps  *runtime.SnapshotCache
}

var _ runtime.Store = (*Store)(nil)

// Open connects to the Redis at rawURL (see the package documentation for
// the forms) and returns a store over it; Close closes the connection.
func Open(rawURL string, o Options) (*Store, error) {
	rdb, err := NewClient(rawURL)
	if err != nil {
		return nil, err
	}
	s := New(rdb, o)
	s.owns = true
	return s, nil
}

// New returns a store over a client the caller keeps; Close leaves it open.
func New(rdb goredis.UniversalClient, o Options) *Store {
	if o.Prefix == "" {
		o.Prefix = "stegvis:"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Snapshots <= 0 {
		o.Snapshots = 4096
	}
	return &Store{rdb: rdb, prefix: o.Prefix, log: o.Logger, snaps: runtime.NewSnapshotCache(o.Snapshots)}
}

// Close closes the client if Open made it.
func (s *Store) Close() error {
	if s.owns {
		return s.rdb.Close()
	}
	return nil
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return nil
}

func (s *Store) logKey(id string) string  { return s.prefix + "{e:" + id + "}:log" }
func (s *Store) snapKey(id string) string { return s.prefix + "{e:" + id + "}:snap" }
func (s *Store) ixKey(ix runtime.Index) string {
	return s.prefix + "ix:" + ix.String()
}
func (s *Store) key(parts ...string) string { return s.prefix + strings.Join(parts, ":") }

// appendScript appends events and sets the snapshot when the log's length
// is the expected sequence. It returns the new length, -1 when the log is
// missing and more than 0 was expected, and -2 on any other mismatch.
var appendScript = goredis.NewScript(`
local n = redis.call('LLEN', KEYS[1])
if n ~= tonumber(ARGV[1]) then
	if n == 0 then return -1 end
	return -2
end
redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
redis.call('SET', KEYS[2], ARGV[2])
return n + #ARGV - 2
`)

// Append runs appendScript, then adds the enrolment to its indexes.
func (s *Store) Append(ctx context.Context, id string, expected int64, state *runtime.Enrolment, events ...runtime.Event) error {
	if err := runtime.CheckAppend(id, expected, state, events); err != nil {
		return err
	}
	snap, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	args := make([]any, 0, 2+len(events))
	args = append(args, expected, encode(snap))
	for _, ev := range events {
		b, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("append %s: %w", id, err)
		}
		args = append(args, encode(b))
	}
	n, err := appendScript.Run(ctx, s.rdb, []string{s.logKey(id), s.snapKey(id)}, args...).Int64()
	switch {
	case err != nil:
		return fmt.Errorf("append %s: %w", id, err)
	case n == -1:
		return fmt.Errorf("append %s: %w", id, runtime.ErrNotFound)
	case n < 0:
		return fmt.Errorf("append %s at %d: %w", id, expected, runtime.ErrConflict)
	}
	// The events are in; an index failure must not make the caller retry
	// them. The next append or a reader's repair fixes the index.
	if err := s.index(ctx, id, runtime.IndexesOf(state)); err != nil {
		s.log.Warn("redis: index after append", "enrolment", id, "err", err)
	}
	return nil
}

// index adds an enrolment to indexes, in one round trip.
func (s *Store) index(ctx context.Context, id string, ixs []runtime.Index) error {
	_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for _, ix := range ixs {
			p.SAdd(ctx, s.ixKey(ix), id)
		}
		return nil
	})
	return err
}

func decodeSnapshot(data string) (*runtime.Enrolment, error) {
	js, err := decode([]byte(data))
	if err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	e := new(runtime.Enrolment)
	if err := json.Unmarshal(js, e); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	return e, nil
}

// Load returns an enrolment's snapshot.
func (s *Store) Load(ctx context.Context, id string) (*runtime.Enrolment, error) {
	data, err := s.rdb.Get(ctx, s.snapKey(id)).Result()
	if errors.Is(err, goredis.Nil) {
		return nil, fmt.Errorf("load %s: %w", id, runtime.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	e, err := s.snaps.Decode(id, data, decodeSnapshot)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

// Events returns the events of an enrolment after a sequence number. The
// list index of seq n is n-1.
func (s *Store) Events(ctx context.Context, id string, after int64) ([]runtime.Event, error) {
	items, err := s.rdb.LRange(ctx, s.logKey(id), max(after, 0), -1).Result()
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	if len(items) == 0 {
		n, err := s.rdb.Exists(ctx, s.logKey(id)).Result()
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", id, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("events of %s: %w", id, runtime.ErrNotFound)
		}
		return nil, nil
	}
	out := make([]runtime.Event, len(items))
	for i, item := range items {
		js, err := decode([]byte(item))
		if err == nil {
			err = json.Unmarshal(js, &out[i])
		}
		if err != nil {
			return nil, fmt.Errorf("events of %s: decode event %d: %w", id, after+int64(i)+1, err)
		}
	}
	return out, nil
}

// Enrolments reads an index and the snapshots of its members. A member
// that is gone or no longer matches is removed, and then read once more:
// if a writer moved it back in between, its own SADD may have come before
// our SREM, so we add it again rather than lose it.
func (s *Store) Enrolments(ctx context.Context, ix runtime.Index) ([]*runtime.Enrolment, error) {
	key := s.ixKey(ix)
	ids, err := s.rdb.SMembers(ctx, key).Result()
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	snaps, err := s.snapshots(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	out := []*runtime.Enrolment{}
	var stale []string
	for i, e := range snaps {
		if e != nil && ix.Match(e) {
			out = append(out, e)
		} else {
			stale = append(stale, ids[i])
		}
	}
	if len(stale) > 0 {
		if err := s.rdb.SRem(ctx, key, stale).Err(); err != nil {
			s.log.Warn("redis: drop stale index members", "index", ix.String(), "err", err)
		} else if again, err := s.snapshots(ctx, stale); err != nil {
			s.log.Warn("redis: recheck stale index members", "index", ix.String(), "err", err)
		} else {
			for i, e := range again {
				if e != nil && ix.Match(e) {
					if err := s.rdb.SAdd(ctx, key, stale[i]).Err(); err != nil {
						s.log.Warn("redis: restore index member", "index", ix.String(), "enrolment", stale[i], "err", err)
					}
					out = append(out, e)
				}
			}
		}
	}
	runtime.SortEnrolments(out)
	return out, nil
}

// snapshots reads the snapshots of ids in one pipeline; a missing one is nil.
func (s *Store) snapshots(ctx context.Context, ids []string) ([]*runtime.Enrolment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmds := make([]*goredis.StringCmd, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, s.snapKey(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, goredis.Nil) {
		return nil, err
	}
	out := make([]*runtime.Enrolment, len(ids))
	for i, c := range cmds {
		data, err := c.Result()
		if errors.Is(err, goredis.Nil) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if out[i], err = decodeSnapshot(data); err != nil {
			return nil, fmt.Errorf("%s: %w", ids[i], err)
		}
	}
	return out, nil
}

// Purge deletes an enrolment's keys, then its memberships of every index
// it was ever in: writers only add to indexes, so a unit or clinician set
// may still hold it from before a handover or the end.
func (s *Store) Purge(ctx context.Context, id string) error {
	events, err := s.Events(ctx, id, 0)
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	ixs, err := indexesEver(events)
	if err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	n, err := s.rdb.Del(ctx, s.logKey(id), s.snapKey(id)).Result()
	if err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("purge %s: %w", id, runtime.ErrNotFound)
	}
	_, err = s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for _, ix := range ixs {
			p.SRem(ctx, s.ixKey(ix), id)
		}
		return nil
	})
	if err != nil {
		// Readers drop members whose snapshot is gone.
		s.log.Warn("redis: index after purge", "enrolment", id, "err", err)
	}
	return nil
}

// indexesEver returns every index an enrolment belonged to after any of
// its events.
func indexesEver(events []runtime.Event) ([]runtime.Index, error) {
	var ixs []runtime.Index
	e := new(runtime.Enrolment)
	for _, ev := range events {
		if err := e.Apply(ev); err != nil {
			return nil, err
		}
		for _, ix := range runtime.IndexesOf(e) {
			if !slices.Contains(ixs, ix) {
				ixs = append(ixs, ix)
			}
		}
	}
	return ixs, nil
}

// PutBundle writes a bundle's files with one HSET, so a bundle is either
// whole or absent, and adds its name to the list on every call, so a
// failure between the two heals on the next put.
func (s *Store) PutBundle(ctx context.Context, name string, files map[string][]byte) error {
	if len(files) == 0 {
		return fmt.Errorf("put bundle %s: no files", name)
	}
	key := s.key("bundle", name)
	n, err := s.rdb.Exists(ctx, key).Result()
	if err != nil {
		return fmt.Errorf("put bundle %s: %w", name, err)
	}
	if n == 0 {
		fields := make([]any, 0, 2*len(files))
		for path, data := range files {
			fields = append(fields, path, data)
		}
		if err := s.rdb.HSet(ctx, key, fields...).Err(); err != nil {
			return fmt.Errorf("put bundle %s: %w", name, err)
		}
	}
	if err := s.rdb.SAdd(ctx, s.key("bundles"), name).Err(); err != nil {
		return fmt.Errorf("put bundle %s: %w", name, err)
	}
	return nil
}

// BundleFile returns one file of a bundle.
func (s *Store) BundleFile(ctx context.Context, name, path string) ([]byte, error) {
	data, err := s.rdb.HGet(ctx, s.key("bundle", name), path).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, fmt.Errorf("bundle file %s/%s: %w", name, path, runtime.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("bundle file %s/%s: %w", name, path, err)
	}
	return data, nil
}

// Bundles returns the stored bundle names, sorted.
func (s *Store) Bundles(ctx context.Context) ([]string, error) {
	names, err := s.rdb.SMembers(ctx, s.key("bundles")).Result()
	if err != nil {
		return nil, fmt.Errorf("bundles: %w", err)
	}
	slices.Sort(names)
	return names, nil
}

// Publish records a publication of a stored bundle.
func (s *Store) Publish(ctx context.Context, p runtime.Publication) error {
	n, err := s.rdb.Exists(ctx, s.key("bundle", p.Bundle)).Result()
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	if n == 0 {
		return fmt.Errorf("publish %s: bundle not stored: %w", p.Bundle, runtime.ErrNotFound)
	}
	if err := s.hsetJSON(ctx, s.key("publications"), p.Bundle, p); err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	return nil
}

// Publications returns every publication by program and time.
func (s *Store) Publications(ctx context.Context) ([]runtime.Publication, error) {
	out, err := hvalsJSON[runtime.Publication](ctx, s.rdb, s.key("publications"))
	if err != nil {
		return nil, fmt.Errorf("publications: %w", err)
	}
	runtime.SortPublications(out)
	return out, nil
}

// Activate sets the bundle a unit runs a program on.
func (s *Store) Activate(ctx context.Context, a runtime.Activation) error {
	ok, err := s.rdb.HExists(ctx, s.key("publications"), a.Bundle).Result()
	if err != nil {
		return fmt.Errorf("activate %s on %s: %w", a.Bundle, a.Unit, err)
	}
	if !ok {
		return fmt.Errorf("activate %s on %s: bundle not published: %w", a.Bundle, a.Unit, runtime.ErrNotFound)
	}
	if err := s.hsetJSON(ctx, s.key("activations", a.Unit), a.Program, a); err != nil {
		return fmt.Errorf("activate %s on %s: %w", a.Bundle, a.Unit, err)
	}
	return nil
}

// Deactivate removes a unit's activation of a program.
func (s *Store) Deactivate(ctx context.Context, unit, program string) error {
	n, err := s.rdb.HDel(ctx, s.key("activations", unit), program).Result()
	if err == nil && n == 0 {
		err = runtime.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("deactivate %s on %s: %w", program, unit, err)
	}
	return nil
}

// Activation returns a unit's activation of a program.
func (s *Store) Activation(ctx context.Context, unit, program string) (runtime.Activation, error) {
	var a runtime.Activation
	if err := s.hgetJSON(ctx, s.key("activations", unit), program, &a); err != nil {
		return runtime.Activation{}, fmt.Errorf("activation of %s on %s: %w", program, unit, err)
	}
	return a, nil
}

// Activations returns a unit's activations by program.
func (s *Store) Activations(ctx context.Context, unit string) ([]runtime.Activation, error) {
	out, err := hvalsJSON[runtime.Activation](ctx, s.rdb, s.key("activations", unit))
	if err != nil {
		return nil, fmt.Errorf("activations on %s: %w", unit, err)
	}
	slices.SortFunc(out, func(a, b runtime.Activation) int { return cmp.Compare(a.Program, b.Program) })
	return out, nil
}

// PutUnit creates or replaces a unit.
func (s *Store) PutUnit(ctx context.Context, u runtime.Unit) error {
	if err := s.hsetJSON(ctx, s.key("units"), u.ID, u); err != nil {
		return fmt.Errorf("put unit %s: %w", u.ID, err)
	}
	return nil
}

// Unit returns a unit.
func (s *Store) Unit(ctx context.Context, id string) (runtime.Unit, error) {
	var u runtime.Unit
	if err := s.hgetJSON(ctx, s.key("units"), id, &u); err != nil {
		return runtime.Unit{}, fmt.Errorf("unit %s: %w", id, err)
	}
	return u, nil
}

// Units returns every unit by id.
func (s *Store) Units(ctx context.Context) ([]runtime.Unit, error) {
	out, err := hvalsJSON[runtime.Unit](ctx, s.rdb, s.key("units"))
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	slices.SortFunc(out, func(a, b runtime.Unit) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// PutStaff creates or replaces a staff record; roles are kept apart.
func (s *Store) PutStaff(ctx context.Context, st runtime.Staff) error {
	if err := s.hsetJSON(ctx, s.key("staff"), st.ID, st); err != nil {
		return fmt.Errorf("put staff %s: %w", st.ID, err)
	}
	return nil
}

// Staff returns a staff member with their roles.
func (s *Store) Staff(ctx context.Context, id string) (runtime.Staff, error) {
	var st runtime.Staff
	if err := s.hgetJSON(ctx, s.key("staff"), id, &st); err != nil {
		return runtime.Staff{}, fmt.Errorf("staff %s: %w", id, err)
	}
	if err := s.withRoles(ctx, []*runtime.Staff{&st}); err != nil {
		return runtime.Staff{}, fmt.Errorf("staff %s: %w", id, err)
	}
	return st, nil
}

// StaffMembers returns every staff member by id.
func (s *Store) StaffMembers(ctx context.Context) ([]runtime.Staff, error) {
	out, err := hvalsJSON[runtime.Staff](ctx, s.rdb, s.key("staff"))
	if err != nil {
		return nil, fmt.Errorf("staff members: %w", err)
	}
	ptrs := make([]*runtime.Staff, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := s.withRoles(ctx, ptrs); err != nil {
		return nil, fmt.Errorf("staff members: %w", err)
	}
	slices.SortFunc(out, func(a, b runtime.Staff) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// withRoles fills in the roles of staff members in one round trip.
func (s *Store) withRoles(ctx context.Context, staff []*runtime.Staff) error {
	if len(staff) == 0 {
		return nil
	}
	cmds := make([]*goredis.MapStringStringCmd, len(staff))
	_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, st := range staff {
			cmds[i] = p.HGetAll(ctx, s.key("roles", st.ID))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, st := range staff {
		for unit, data := range cmds[i].Val() {
			var roles []runtime.Role
			if err := json.Unmarshal([]byte(data), &roles); err != nil {
				return fmt.Errorf("roles of %s on %s: %w", st.ID, unit, err)
			}
			if st.Roles == nil {
				st.Roles = map[string][]runtime.Role{}
			}
			st.Roles[unit] = roles
		}
	}
	return nil
}

// SetRoles sets a staff member's roles on one unit.
func (s *Store) SetRoles(ctx context.Context, staff, unit string, roles []runtime.Role) error {
	ok, err := s.rdb.HExists(ctx, s.key("staff"), staff).Result()
	if err == nil && !ok {
		err = runtime.ErrNotFound
	}
	if err == nil {
		if len(roles) == 0 {
			err = s.rdb.HDel(ctx, s.key("roles", staff), unit).Err()
		} else {
			err = s.hsetJSON(ctx, s.key("roles", staff), unit, roles)
		}
	}
	if err != nil {
		return fmt.Errorf("set roles of %s on %s: %w", staff, unit, err)
	}
	return nil
}

// PutCitizen creates or replaces a citizen.
func (s *Store) PutCitizen(ctx context.Context, c runtime.Citizen) error {
	if err := s.hsetJSON(ctx, s.key("citizens"), c.PNR, c); err != nil {
		return fmt.Errorf("put citizen: %w", err)
	}
	return nil
}

// Citizen returns a citizen by personal identity number.
func (s *Store) Citizen(ctx context.Context, pnr string) (runtime.Citizen, error) {
	var c runtime.Citizen
	if err := s.hgetJSON(ctx, s.key("citizens"), pnr, &c); err != nil {
		// The number itself stays out of the error, which may be logged.
		return runtime.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	return c, nil
}

// PutSession stores a session with Redis' own expiry.
func (s *Store) PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	var err error
	if ttl < time.Millisecond {
		// Redis reads a zero TTL as "never expires"; this one already has.
		err = s.rdb.Del(ctx, s.key("session", id)).Err()
	} else {
		err = s.rdb.Set(ctx, s.key("session", id), data, ttl).Err()
	}
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// Session returns a session's data.
func (s *Store) Session(ctx context.Context, id string) ([]byte, error) {
	data, err := s.rdb.Get(ctx, s.key("session", id)).Bytes()
	if errors.Is(err, goredis.Nil) {
		err = runtime.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return data, nil
}

// DeleteSession removes a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if err := s.rdb.Del(ctx, s.key("session", id)).Err(); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

func (s *Store) hsetJSON(ctx context.Context, key, field string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.rdb.HSet(ctx, key, field, data).Err()
}

func (s *Store) hgetJSON(ctx context.Context, key, field string, v any) error {
	data, err := s.rdb.HGet(ctx, key, field).Bytes()
	if errors.Is(err, goredis.Nil) {
		return runtime.ErrNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func hvalsJSON[T any](ctx context.Context, rdb goredis.UniversalClient, key string) ([]T, error) {
	vals, err := rdb.HVals(ctx, key).Result()
	if err != nil {
		return nil, err
	}
	out := make([]T, len(vals))
	for i, v := range vals {
		if err := json.Unmarshal([]byte(v), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Keys returns the keys of an enrolment, for measuring and for operators.
func (s *Store) Keys(id string) []string { return []string{s.logKey(id), s.snapKey(id)} }

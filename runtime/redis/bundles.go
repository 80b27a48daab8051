// The bundle store (runtime.BundleStore): bundles, their publications and
// the units' activations of them.

package redis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

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

// claimVersionScript claims a version of a program for a bundle in the program's
// hash (KEYS[1]): field "owner" holds the owner of the program id as
// runtime.Publication.Owner gives it (a unit, "" for the operator,
// "key:<fingerprint>" for another region's publisher), field
// "v:<version>" the bundle published with that version. ARGV: version,
// bundle, the publication's owner, the owner when none is recorded, the
// bundle of the version when none is recorded, and "1" when the
// publication must come from the owner itself (runtime.Claim.Strict, which
// also holds when the owner is a publisher key). It returns "ok",
// "owner:<owner>" when the publication's owner does not own the program,
// or "taken:<bundle>".
var claimVersionScript = goredis.NewScript(`
local owner = redis.call('HGET', KEYS[1], 'owner') or ARGV[4]
local strict = ARGV[6] == '1' or string.sub(owner, 1, 4) == 'key:'
if strict and ARGV[3] ~= owner then return 'owner:' .. owner end
local field = 'v:' .. ARGV[1]
local have = redis.call('HGET', KEYS[1], field)
if not have and ARGV[5] ~= '' then have = ARGV[5] end
if have and have ~= ARGV[2] then return 'taken:' .. have end
redis.call('HSET', KEYS[1], 'owner', owner, field, ARGV[2])
return 'ok'
`)

// Publish claims the version with claimVersionScript on the program's own
// key, then records the publication. A failure between the two heals when
// the same bundle is published again. Publications from before claims
// were recorded give the claim its defaults: the first one's unit owns the
// program, and each keeps its version.
func (s *Store) Publish(ctx context.Context, p runtime.Publication) error {
	if p.Program == "" || p.Version == "" {
		return fmt.Errorf("publish %s: no program or version: %w", p.Bundle, runtime.ErrInvalid)
	}
	n, err := s.rdb.Exists(ctx, s.key("bundle", p.Bundle)).Result()
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	if n == 0 {
		return fmt.Errorf("publish %s: bundle not stored: %w", p.Bundle, runtime.ErrNotFound)
	}
	pubs, err := s.Publications(ctx)
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	claim := runtime.PriorClaim(p, pubs)
	res, err := claimVersionScript.Run(ctx, s.rdb, []string{s.key("program", p.Program)}, p.Version, p.Bundle, p.Owner(), claim.Owner, claim.Bundle, strictArg(p)).Text()
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	// The script checks as Claim.Check does and answers with the claim
	// that refuses p; Check words the refusal.
	switch {
	case strings.HasPrefix(res, "owner:"):
		return fmt.Errorf("publish %s: %w", p.Bundle, runtime.Claim{Owner: strings.TrimPrefix(res, "owner:")}.Check(p))
	case strings.HasPrefix(res, "taken:"):
		return fmt.Errorf("publish %s: %w", p.Bundle, runtime.Claim{Owner: p.Owner(), Bundle: strings.TrimPrefix(res, "taken:")}.Check(p))
	case res != "ok":
		return fmt.Errorf("publish %s: claim answered %q", p.Bundle, res)
	}
	if err := s.hsetJSON(ctx, s.key("publications"), p.Bundle, p); err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	return nil
}

// strictArg is the script's ARGV[6]: "1" when p must come from the
// program's owner whoever that is (a unit's publication or an import).
func strictArg(p runtime.Publication) string {
	if p.Unit != "" || p.Provenance != nil {
		return "1"
	}
	return ""
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
	if a.Unit == "" || a.Program == "" {
		return fmt.Errorf("activate %s: no unit or program: %w", a.Bundle, runtime.ErrInvalid)
	}
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

// The bundle store (runtime.BundleStore): bundles, their publications and
// the units' activations of them.

package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	bucketBundles      = []byte("bundles")
	bucketPublications = []byte("publications")
	bucketActivations  = []byte("activations")
	// bucketOwners holds the owner of each program id: the unit that
	// published it first, or "" for the operator. Publish creates it.
	bucketOwners = []byte("program-owners")
)

// PutBundle stores a bundle's files unless the bundle is already stored.
func (s *Store) PutBundle(ctx context.Context, name string, files map[string][]byte) error {
	if len(files) == 0 {
		return fmt.Errorf("put bundle %s: no files", name)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		bs := tx.Bucket(bucketBundles)
		if bs.Bucket([]byte(name)) != nil {
			return nil
		}
		b, err := bs.CreateBucket([]byte(name))
		if err != nil {
			return err
		}
		b.FillPercent = fillAppend
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
	err := s.view(ctx, func(tx *bolt.Tx) error {
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
	err := s.view(ctx, func(tx *bolt.Tx) error {
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

// Publish records a publication of a stored bundle. The checks of the
// program's owner and version and the write are one transaction, so of
// two publications racing for a version or a new program id one wins.
func (s *Store) Publish(ctx context.Context, p runtime.Publication) error {
	if p.Program == "" || p.Version == "" {
		return fmt.Errorf("publish %s: no program or version: %w", p.Bundle, runtime.ErrInvalid)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketBundles).Bucket([]byte(p.Bundle)) == nil {
			return fmt.Errorf("bundle not stored: %w", runtime.ErrNotFound)
		}
		pubs := tx.Bucket(bucketPublications)
		owners, err := tx.CreateBucketIfNotExists(bucketOwners)
		if err != nil {
			return err
		}
		var earlier []runtime.Publication
		err = pubs.ForEach(func(_, v []byte) error {
			var q runtime.Publication
			if err := json.Unmarshal(v, &q); err != nil {
				return err
			}
			if q.Program == p.Program {
				earlier = append(earlier, q)
			}
			return nil
		})
		if err != nil {
			return err
		}
		runtime.SortPublications(earlier)
		claim := runtime.PriorClaim(p, earlier)
		if v := owners.Get([]byte(p.Program)); v != nil {
			claim.Owner = string(v)
		}
		if err := claim.Check(p); err != nil {
			return err
		}
		if err := owners.Put([]byte(p.Program), []byte(claim.Owner)); err != nil {
			return err
		}
		return putJSON(pubs, p.Bundle, p)
	})
	if err != nil {
		return fmt.Errorf("publish %s: %w", p.Bundle, err)
	}
	return nil
}

// Publications returns every publication by program and time.
func (s *Store) Publications(ctx context.Context) ([]runtime.Publication, error) {
	out := []runtime.Publication{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
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
	if a.Unit == "" || a.Program == "" {
		return fmt.Errorf("activate %s: no unit or program: %w", a.Bundle, runtime.ErrInvalid)
	}
	err := s.update(ctx, func(tx *bolt.Tx) error {
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
	err := s.update(ctx, func(tx *bolt.Tx) error {
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
	err := s.view(ctx, func(tx *bolt.Tx) error {
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
	err := s.view(ctx, func(tx *bolt.Tx) error {
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

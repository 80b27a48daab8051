package web

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// bundleCache keeps the programs and manifests of bundles read from the
// store. A bundle never changes once stored, so an entry never goes stale;
// the cache holds one entry per published version, a few kilobytes each.
type bundleCache struct {
	store     runtime.BundleStore
	mu        sync.Mutex
	programs  map[string]*designer.Program
	manifests map[string]*designer.Manifest
}

func newBundleCache(store runtime.BundleStore) *bundleCache {
	return &bundleCache{store: store, programs: map[string]*designer.Program{}, manifests: map[string]*designer.Manifest{}}
}

// program returns the program of a bundle. Callers must not change it.
func (c *bundleCache) program(ctx context.Context, bundle string) (*designer.Program, error) {
	c.mu.Lock()
	p, ok := c.programs[bundle]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	b, err := c.store.BundleFile(ctx, bundle, designer.ProgramFile)
	if err != nil {
		return nil, fmt.Errorf("read program of %s: %w", bundle, err)
	}
	p = new(designer.Program)
	if err := json.Unmarshal(b, p); err != nil {
		return nil, fmt.Errorf("decode program of %s: %w", bundle, err)
	}
	c.mu.Lock()
	c.programs[bundle] = p
	c.mu.Unlock()
	return p, nil
}

// manifest returns the manifest of a bundle.
func (c *bundleCache) manifest(ctx context.Context, bundle string) (*designer.Manifest, error) {
	c.mu.Lock()
	m, ok := c.manifests[bundle]
	c.mu.Unlock()
	if ok {
		return m, nil
	}
	b, err := c.store.BundleFile(ctx, bundle, designer.ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("read manifest of %s: %w", bundle, err)
	}
	m = new(designer.Manifest)
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("decode manifest of %s: %w", bundle, err)
	}
	c.mu.Lock()
	c.manifests[bundle] = m
	c.mu.Unlock()
	return m, nil
}

// formVersion finds the definition of a form as it was at version, for
// showing answers with the questions and options they were given on. It
// looks in the enrolment's bundle first and then in every stored bundle of
// the program.
func (c *bundleCache) formVersion(ctx context.Context, current *designer.Program, bundle, form, version string) (*designer.Form, error) {
	if f, ok := current.Form(form); ok && f.Version == version {
		return f, nil
	}
	names, err := c.store.Bundles(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(names) - 1; i >= 0; i-- {
		id, _, _, err := designer.ParseBundleName(names[i])
		if err != nil || id != current.ID || names[i] == bundle {
			continue
		}
		p, err := c.program(ctx, names[i])
		if err != nil {
			return nil, err
		}
		if f, ok := p.Form(form); ok && f.Version == version {
			return f, nil
		}
	}
	return nil, fmt.Errorf("form %s version %s: %w", form, version, runtime.ErrNotFound)
}

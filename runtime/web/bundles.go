package web

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// bundleCache keeps the manifests of bundles read from the store, and
// reads their programs through runtime.Programs. A bundle never changes
// once stored, so an entry never goes stale; the cache holds one manifest
// per published version, a few kilobytes each.
type bundleCache struct {
	store     runtime.BundleStore
	programs  *runtime.Programs
	mu        sync.Mutex
	manifests map[string]*designer.Manifest
}

func newBundleCache(store runtime.BundleStore) *bundleCache {
	return &bundleCache{store: store, programs: runtime.NewPrograms(store, 0), manifests: map[string]*designer.Manifest{}}
}

// program returns the program of a bundle. Callers must not change it.
func (c *bundleCache) program(ctx context.Context, bundle string) (*designer.Program, error) {
	return c.programs.Program(ctx, bundle)
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

// formVersion finds the definition of a form as it was at version (see
// runtime.Programs.FormVersion).
func (c *bundleCache) formVersion(ctx context.Context, current *designer.Program, bundle, form, version string) (*designer.Form, error) {
	return c.programs.FormVersion(ctx, current, bundle, form, version)
}

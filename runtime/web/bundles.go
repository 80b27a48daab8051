package web

import (
	"context"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// bundleCache reads the programs and the manifests of bundles from the
// store and keeps the most recent ones (see runtime.Programs and
// runtime.BundleJSON): one program and one manifest per published
// version, a few kilobytes each.
type bundleCache struct {
	programs  *runtime.Programs
	manifests *runtime.BundleJSON[designer.Manifest]
}

func newBundleCache(store runtime.BundleStore) *bundleCache {
	return &bundleCache{
		programs:  runtime.NewPrograms(store, 0),
		manifests: runtime.NewBundleJSON[designer.Manifest](store, designer.ManifestFile, 0),
	}
}

// program returns the program of a bundle. Callers must not change it.
func (c *bundleCache) program(ctx context.Context, bundle string) (*designer.Program, error) {
	return c.programs.Program(ctx, bundle)
}

// manifest returns the manifest of a bundle. Callers must not change it.
func (c *bundleCache) manifest(ctx context.Context, bundle string) (*designer.Manifest, error) {
	return c.manifests.Get(ctx, bundle)
}

// formVersion finds the definition of a form as it was at version (see
// runtime.Programs.FormVersion).
func (c *bundleCache) formVersion(ctx context.Context, current *designer.Program, bundle, form, version string) (*designer.Form, error) {
	return c.programs.FormVersion(ctx, current, bundle, form, version)
}

// Package publish puts a compiled bundle in the store and records it as
// published, so that every replica can serve it and unit admins can
// activate it. It is what "stegvis publish" runs, and what tests and the
// demo use to load bundles.
package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/runtime"
)

// Errors of publishing, besides ErrInvalid and ErrNotBundle.
var (
	// ErrVersionTaken means another bundle of the program was published
	// with the same version: a published version never changes, so the new
	// content needs a new version number. The store claims each version
	// atomically, so of parallel uploads of one version one wins.
	ErrVersionTaken = runtime.ErrVersionTaken
	// ErrNotPublisher means a unit uploaded a version of a program that
	// another unit, or the operator, published first.
	ErrNotPublisher = runtime.ErrNotPublisher
)

// Dir reads the bundle folder dir, verifies every file against its
// manifest, and publishes it.
func Dir(ctx context.Context, store runtime.BundleStore, dir, by string, now time.Time) (runtime.Publication, error) {
	b, err := bundle.ReadDir(dir)
	if err != nil {
		return runtime.Publication{}, err
	}
	// The stored manifest must be the very bytes hashed into the name.
	raw, err := os.ReadFile(filepath.Join(dir, designer.ManifestFile))
	if err != nil {
		return runtime.Publication{}, err
	}
	return Bundle(ctx, store, b, raw, by, now)
}

// Bundle stores a verified bundle, with manifest as its manifest.json, and
// publishes it as the operator, who may publish any program. Publishing the
// same bundle again only renews the record.
func Bundle(ctx context.Context, store runtime.BundleStore, b *bundle.Bundle, manifest []byte, by string, now time.Time) (runtime.Publication, error) {
	return publish(ctx, store, b, manifest, runtime.Publication{PublishedBy: by, PublishedAt: now.UTC()})
}

// publish checks b and publishes it as pub says: by whom, when, for which
// unit.
func publish(ctx context.Context, store runtime.BundleStore, b *bundle.Bundle, manifest []byte, pub runtime.Publication) (runtime.Publication, error) {
	sum := sha256.Sum256(manifest)
	if hex.EncodeToString(sum[:]) != b.Hash {
		return runtime.Publication{}, fmt.Errorf("publish %s: manifest.json does not match the bundle's hash: %w", b.Name, bundle.ErrCorrupt)
	}
	if err := checked(b); err != nil {
		return runtime.Publication{}, err
	}
	if b.Signature != nil || b.Manifest.Publisher != nil {
		// A signed bundle is published only with a signature that holds,
		// wherever it comes from.
		if _, err := sign.Verify(manifest, b.Signature); err != nil {
			return runtime.Publication{}, fmt.Errorf("publish %s: %w: %w", b.Name, ErrNotBundle, err)
		}
	}
	// Refuse a taken version or another's program before storing the
	// files; the store's claim below decides when uploads race.
	pubs, err := store.Publications(ctx)
	if err != nil {
		return runtime.Publication{}, fmt.Errorf("publish %s: %w", b.Name, err)
	}
	pub.Program, pub.Version, pub.Bundle = b.Program.ID, b.Program.Version, b.Name
	claim := runtime.PriorClaim(pub, pubs)
	if claim.Strict(pub) && pub.Owner() != claim.Owner {
		return runtime.Publication{}, fmt.Errorf("publish %s: %s was first published by another publisher: %w", b.Name, pub.Program, ErrNotPublisher)
	}
	if claim.Bundle != "" && claim.Bundle != b.Name {
		return runtime.Publication{}, fmt.Errorf("publish %s: %s is already published as %s; raise the version in program.yaml: %w",
			b.Name, b.Program.Version, claim.Bundle, ErrVersionTaken)
	}
	files := make(map[string][]byte, len(b.Files)+2)
	for k, v := range b.Files {
		files[k] = v
	}
	files[designer.ManifestFile] = manifest
	if b.Signature != nil {
		files[designer.SignatureFile] = b.Signature
	}
	if err := store.PutBundle(ctx, b.Name, files); err != nil {
		return runtime.Publication{}, fmt.Errorf("publish %s: %w", b.Name, err)
	}
	if err := store.Publish(ctx, pub); err != nil {
		if errors.Is(err, ErrVersionTaken) {
			return runtime.Publication{}, fmt.Errorf("%w; raise the version in program.yaml", err)
		}
		return runtime.Publication{}, err
	}
	return pub, nil
}

// Program makes a bundle of p and files (which must hold every file p
// refers to, but not program.json or manifest.json) and publishes it. It
// is for tests and the demo, which make programs in Go.
func Program(ctx context.Context, store runtime.BundleStore, p *designer.Program, files map[string][]byte, by string, now time.Time) (runtime.Publication, error) {
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		return runtime.Publication{}, err
	}
	all := make(map[string][]byte, len(files)+1)
	for k, v := range files {
		all[k] = v
	}
	all[designer.ProgramFile] = pj
	b := bundle.New(p, all)
	return Bundle(ctx, store, b, bundle.ManifestBytes(b.Manifest), by, now)
}

// ErrNotBundle means what was to be published is not a whole, intact bundle.
var ErrNotBundle = errors.New("not a bundle built by stegvis, or changed since")

// Zip reads a bundle from a zip archive (as `stegvis build --zip` writes
// it), verifies every file against its manifest, and publishes it.
func Zip(ctx context.Context, store runtime.BundleStore, r io.ReaderAt, size int64, by string, now time.Time) (runtime.Publication, error) {
	b, manifest, err := bundle.ReadZip(r, size)
	if err != nil {
		return runtime.Publication{}, fmt.Errorf("%w: %w", ErrNotBundle, err)
	}
	return Bundle(ctx, store, b, manifest, by, now)
}

// Upload publishes a zip that a unit's admin uploaded, as Zip does, for
// unit: the unit owns the program id if it publishes it first, and may
// only publish versions of programs it owns (ErrNotPublisher).
func Upload(ctx context.Context, store runtime.BundleStore, r io.ReaderAt, size int64, unit, by string, now time.Time) (runtime.Publication, error) {
	if unit == "" {
		return runtime.Publication{}, errors.New("upload: no unit")
	}
	b, manifest, err := bundle.ReadZip(r, size)
	if err != nil {
		return runtime.Publication{}, fmt.Errorf("%w: %w", ErrNotBundle, err)
	}
	return publish(ctx, store, b, manifest, runtime.Publication{Unit: unit, PublishedBy: by, PublishedAt: now.UTC()})
}

// File publishes the bundle at path: a bundle folder or a zip of one.
func File(ctx context.Context, store runtime.BundleStore, path, by string, now time.Time) (runtime.Publication, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return runtime.Publication{}, err
	}
	if fi.IsDir() {
		return Dir(ctx, store, path, by, now)
	}
	f, err := os.Open(path)
	if err != nil {
		return runtime.Publication{}, err
	}
	defer f.Close()
	return Zip(ctx, store, f, fi.Size(), by, now)
}

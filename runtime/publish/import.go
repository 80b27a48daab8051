package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/catalogue"
	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
)

// ImportError is why an import from another region's catalogue was
// refused: a key of the regions catalogue (themes/locales/*/regions.json)
// and its arguments, so the programs page says it in the admin's language,
// and the error underneath for the log.
type ImportError struct {
	Key  string
	Args []any
	Err  error
	// Problem, when set, is what is wrong with program.json, said after
	// the arguments in the same language.
	Problem *Problem
}

// Text says the refusal with the catalogue of lang.
func (e *ImportError) Text(lang string) string {
	args := e.Args
	if e.Problem != nil {
		args = append(args[:len(args):len(args)], e.Problem.Text(lang))
	}
	return themes.Lookup(lang).T(e.Key, args...)
}

// Error says the refusal in English with its cause, for logs and the
// command line.
func (e *ImportError) Error() string { return e.Text("en") + ": " + e.Err.Error() }

// Unwrap returns the cause: sign.ErrBadSignature, runtime.ErrUntrusted,
// ErrNotPublisher, bundle.ErrCorrupt and so on.
func (e *ImportError) Unwrap() error { return e.Err }

func refuse(err error, key string, args ...any) error {
	return &ImportError{Key: key, Args: args, Err: err}
}

// Importer imports signed bundles of trusted publishers from their
// catalogues into a region's store.
type Importer struct {
	Store runtime.BundleStore
	Trust *runtime.Trust
	Fetch *Fetcher
}

// Listing is a trusted publisher's catalogue as read, or why it could not
// be: its programs are those the publisher itself signed.
type Listing struct {
	Publisher runtime.TrustedPublisher
	Catalogue *catalogue.Catalogue
	Err       error
}

// Catalogues reads the catalogue of every trusted publisher that has one,
// in the order of the trust list.
func (im *Importer) Catalogues(ctx context.Context) []Listing {
	var out []Listing
	for _, tp := range im.Trust.Publishers() {
		if tp.Catalogue == "" {
			continue
		}
		c, err := im.catalogue(ctx, tp)
		out = append(out, Listing{Publisher: tp, Catalogue: c, Err: err})
	}
	return out
}

// catalogue reads tp's catalogue and keeps the programs tp signed.
func (im *Importer) catalogue(ctx context.Context, tp runtime.TrustedPublisher) (*catalogue.Catalogue, error) {
	data, err := im.Fetch.Get(ctx, tp.Catalogue, im.Fetch.maxCatalogue())
	if err != nil {
		return nil, refuse(err, "regions.import.refused.unreachable", tp.Catalogue)
	}
	c, err := catalogue.Parse(data)
	if err != nil {
		return nil, refuse(err, "regions.import.refused.unreachable", tp.Catalogue)
	}
	own := c.Programs[:0:0]
	for _, p := range c.Programs {
		if p.Publisher.Fingerprint == tp.Fingerprint {
			own = append(own, p)
		}
	}
	c.Programs = own
	return c, nil
}

// Import imports the bundle named bundleName from the catalogue of the
// trusted publisher with fingerprint, for unit: it fetches the bundle's
// zip, checks it against the catalogue, every file against the manifest
// and the manifest's signature against the trusted key, and publishes it
// with its provenance, so the unit can activate it. A refusal is an
// *ImportError that says why.
func (im *Importer) Import(ctx context.Context, fingerprint, bundleName, unit, by string, now time.Time) (runtime.Publication, error) {
	tp, err := im.Trust.CheckPublisher(fingerprint)
	if err != nil {
		return runtime.Publication{}, refuse(err, "regions.import.refused.untrusted", sign.Short(fingerprint))
	}
	c, err := im.catalogue(ctx, tp)
	if err != nil {
		return runtime.Publication{}, err
	}
	p, v, ok := c.Find(bundleName)
	if !ok {
		return runtime.Publication{}, refuse(fmt.Errorf("%s: %w", bundleName, runtime.ErrNotFound), "regions.import.refused.not_listed", bundleName, tp.Name)
	}
	src, err := resolve(tp.Catalogue, v.File)
	if err != nil {
		return runtime.Publication{}, refuse(err, "regions.import.refused.unreachable", tp.Catalogue)
	}
	if v.Size > im.Fetch.maxBundle() {
		return runtime.Publication{}, refuse(fmt.Errorf("%s: %d bytes: %w", v.File, v.Size, ErrTooLarge), "regions.import.refused.too_large", v.File, im.Fetch.maxBundle()>>20)
	}
	zip, err := im.Fetch.Get(ctx, src, v.Size)
	if err != nil {
		return runtime.Publication{}, refuse(err, "regions.import.refused.unreachable", src)
	}
	sum := sha256.Sum256(zip)
	if hex.EncodeToString(sum[:]) != v.SHA256 {
		return runtime.Publication{}, refuse(fmt.Errorf("%s: not the SHA-256 the catalogue lists: %w", v.File, bundle.ErrCorrupt), "regions.import.refused.tampered", v.File)
	}
	b, manifest, err := bundle.ReadZip(bytes.NewReader(zip), int64(len(zip)))
	if err != nil {
		return runtime.Publication{}, refuse(err, "regions.import.refused.tampered", v.File)
	}
	if b.Name != v.Bundle || b.Hash != v.Hash || b.Program.ID != p.ID {
		return runtime.Publication{}, refuse(fmt.Errorf("%s holds %s, the catalogue says %s: %w", v.File, b.Name, v.Bundle, bundle.ErrCorrupt), "regions.import.refused.tampered", v.File)
	}
	return ImportBundle(ctx, im.Store, im.Trust, b, manifest, tp.Catalogue, unit, by, now)
}

// ImportBundle publishes b, a bundle read and checked against its
// manifest, whose manifest.json is manifest, as imported from another
// region by unit: its signature must verify with the key its manifest
// names, that key must be trusted, and the program id must be new here or
// belong to that key. from is where it was found, kept in its provenance.
func ImportBundle(ctx context.Context, store runtime.BundleStore, trust *runtime.Trust, b *bundle.Bundle, manifest []byte, from, unit, by string, now time.Time) (runtime.Publication, error) {
	pub, err := sign.Verify(manifest, b.Signature)
	switch {
	case errors.Is(err, sign.ErrUnsigned):
		return runtime.Publication{}, refuse(err, "regions.import.refused.unsigned", b.Name)
	case err != nil:
		return runtime.Publication{}, refuse(err, "regions.import.refused.signature", b.Name)
	}
	tp, err := trust.CheckPublisher(pub.Fingerprint)
	if err != nil {
		return runtime.Publication{}, refuse(err, "regions.import.refused.untrusted", sign.Short(pub.Fingerprint))
	}
	p, err := publish(ctx, store, b, manifest, runtime.Publication{
		Unit: unit, PublishedBy: by, PublishedAt: now.UTC(),
		Provenance: &runtime.Provenance{Publisher: tp.Name, Fingerprint: tp.Fingerprint, Hash: b.Hash, Catalogue: from},
	})
	var problem *Problem
	switch {
	case err == nil:
		return p, nil
	case errors.As(err, &problem):
		return runtime.Publication{}, &ImportError{Key: "regions.import.refused.invalid", Err: err, Problem: problem}
	case errors.Is(err, ErrNotPublisher):
		return runtime.Publication{}, refuse(err, "regions.import.refused.owner", b.Program.ID)
	case errors.Is(err, ErrVersionTaken):
		return runtime.Publication{}, refuse(err, "regions.import.refused.version", b.Program.ID, b.Program.Version)
	case errors.Is(err, ErrNotBundle):
		return runtime.Publication{}, refuse(err, "regions.import.refused.signature", b.Name)
	}
	return runtime.Publication{}, err
}

// HasCatalogues reports whether any trusted publisher has a catalogue to
// import from.
func (im *Importer) HasCatalogues() bool {
	for _, tp := range im.Trust.Publishers() {
		if tp.Catalogue != "" {
			return true
		}
	}
	return false
}

// VerifyStored checks an imported bundle again as the store holds it,
// before a unit activates it: every file against the manifest, the
// manifest's signature, and that the key is the one its provenance names.
// A publication that was not imported has nothing to check. A refusal is
// an *ImportError.
func VerifyStored(ctx context.Context, store runtime.BundleStore, pub runtime.Publication) error {
	if pub.Provenance == nil {
		return nil
	}
	manifest, err := store.BundleFile(ctx, pub.Bundle, designer.ManifestFile)
	if err != nil {
		return fmt.Errorf("verify %s: %w", pub.Bundle, err)
	}
	var m designer.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return refuse(fmt.Errorf("verify %s: manifest: %w: %w", pub.Bundle, err, bundle.ErrCorrupt), "regions.import.refused.tampered", pub.Bundle)
	}
	files := make(map[string][]byte, len(m.Files))
	for _, f := range m.Files {
		data, err := store.BundleFile(ctx, pub.Bundle, f.Path)
		if errors.Is(err, runtime.ErrNotFound) {
			return refuse(fmt.Errorf("verify %s: %s is missing: %w", pub.Bundle, f.Path, bundle.ErrCorrupt), "regions.import.refused.tampered", pub.Bundle)
		}
		if err != nil {
			return fmt.Errorf("verify %s: %w", pub.Bundle, err)
		}
		files[f.Path] = data
	}
	b, err := bundle.FromFiles(files, manifest)
	if err != nil || b.Name != pub.Bundle || b.Hash != pub.Provenance.Hash {
		if err == nil {
			err = fmt.Errorf("the stored bundle is %s: %w", b.Name, bundle.ErrCorrupt)
		}
		return refuse(fmt.Errorf("verify %s: %w", pub.Bundle, err), "regions.import.refused.tampered", pub.Bundle)
	}
	sig, err := store.BundleFile(ctx, pub.Bundle, designer.SignatureFile)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		return fmt.Errorf("verify %s: %w", pub.Bundle, err)
	}
	p, err := sign.Verify(manifest, sig)
	if err == nil && p.Fingerprint != pub.Provenance.Fingerprint {
		err = fmt.Errorf("signed by %s, imported from %s: %w", sign.Short(p.Fingerprint), sign.Short(pub.Provenance.Fingerprint), sign.ErrBadSignature)
	}
	if err != nil {
		return refuse(fmt.Errorf("verify %s: %w", pub.Bundle, err), "regions.import.refused.signature", pub.Bundle)
	}
	return nil
}

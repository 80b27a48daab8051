package publish

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/catalogue"
	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/runtime"
)

// seededKey is a publisher key made from a fixed seed, so tests are
// repeatable.
func seededKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

func signed(t *testing.T, b *bundle.Bundle, key ed25519.PrivateKey) *bundle.Bundle {
	t.Helper()
	s, err := sign.Bundle(b, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func zipBundle(t *testing.T, b *bundle.Bundle) []byte {
	t.Helper()
	z, err := catalogue.Zip(b)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// serveCatalogue writes a region's catalogue of bundles into a folder and
// serves it over HTTP as a web server would; it returns the catalogue's
// URL and folder.
func serveCatalogue(t *testing.T, region string, bundles ...*bundle.Bundle) (string, string) {
	t.Helper()
	var entries []catalogue.Entry
	for _, b := range bundles {
		entries = append(entries, catalogue.Entry{Bundle: b, Zip: zipBundle(t, b)})
	}
	c, err := catalogue.Make(region, entries)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := catalogue.WriteDir(dir, "sv", c, entries); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL + "/" + catalogue.File, dir
}

// replaceZip puts zip in the catalogue in dir as the file of bundle name,
// with the catalogue's size and SHA-256 made to match, as whoever controls
// the catalogue's server could.
func replaceZip(t *testing.T, dir, name string, zip []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, catalogue.File))
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	_, v, ok := c.Find(name)
	if !ok {
		t.Fatalf("%s not in the catalogue", name)
	}
	sum := sha256.Sum256(zip)
	v.SHA256, v.Size = hex.EncodeToString(sum[:]), int64(len(zip))
	if err := os.WriteFile(filepath.Join(dir, v.File), zip, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, catalogue.File), c.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// withFile returns b with one file changed and its manifest made to match,
// keeping b's publisher and signature: a forgery whose every file hash
// holds but whose signature does not.
func withFile(b *bundle.Bundle, path, text string) *bundle.Bundle {
	files := map[string][]byte{}
	for k, v := range b.Files {
		files[k] = v
	}
	files[path] = []byte(text)
	nb := bundle.New(b.Program, files)
	nb.Manifest.Publisher = b.Manifest.Publisher
	mb := bundle.ManifestBytes(nb.Manifest)
	sum := sha256.Sum256(mb)
	nb.Hash = hex.EncodeToString(sum[:])
	nb.Name = designer.BundleName(b.Program.ID, b.Program.Version, nb.Hash)
	nb.Signature = b.Signature
	return nb
}

// TestImportBetweenRegions is the story of programs shared between
// regions: region A signs a bundle and writes its catalogue; region B,
// which trusts A's key, imports it into its own store, activates it and
// keeps where it came from; and B refuses a tampered file, a wrong
// signature and a program id that another publisher owns, each with its
// reason.
func TestImportBetweenRegions(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	keyA, keyB, keyX := seededKey(1), seededKey(2), seededKey(3)
	fpA := sign.Fingerprint(keyA.Public().(ed25519.PublicKey))
	fpB := sign.Fingerprint(keyB.Public().(ed25519.PublicKey))

	v10 := signed(t, testBundle(t, "1.0", "<p>A</p>"), keyA)
	v11 := signed(t, testBundle(t, "1.1", "<p>A, bättre</p>"), keyA)
	urlA, dirA := serveCatalogue(t, "Region A", v10, v11)

	// Region A's own store publishes its signed bundle as always.
	storeA := openStore(t)
	if _, err := Bundle(ctx, storeA, v10, bundle.ManifestBytes(v10.Manifest), "ci", now); err != nil {
		t.Fatalf("region A publishes its own signed bundle: %v", err)
	}

	// Region B trusts A (with its catalogue) and B2 (without).
	storeB := openStore(t)
	trust, err := runtime.ParseTrust(strings.NewReader("# trusted publishers\nRegion A "+fpA+" "+urlA+"\nRegion B2 "+fpB+"\n"), "trust.txt")
	if err != nil {
		t.Fatal(err)
	}
	im := &Importer{Store: storeB, Trust: trust, Fetch: &Fetcher{Client: &http.Client{Timeout: 5 * time.Second}}}

	listings := im.Catalogues(ctx)
	if len(listings) != 1 || listings[0].Err != nil || listings[0].Publisher.Name != "Region A" {
		t.Fatalf("catalogues %+v", listings)
	}
	if p := listings[0].Catalogue.Programs; len(p) != 1 || p[0].ID != "prov" || len(p[0].Versions) != 2 || p[0].Versions[0].Version != "1.1" {
		t.Fatalf("catalogue programs %+v", p)
	}

	pub, err := im.Import(ctx, fpA, v10.Name, "u1", "admin", now)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	want := &runtime.Provenance{Publisher: "Region A", Fingerprint: fpA, Hash: v10.Hash, Catalogue: urlA}
	if pub.Bundle != v10.Name || pub.Unit != "u1" || pub.Provenance == nil || *pub.Provenance != *want {
		t.Fatalf("publication %+v, provenance %+v", pub, pub.Provenance)
	}
	if err := storeB.Activate(ctx, runtime.Activation{Unit: "u1", Program: "prov", Bundle: v10.Name, ActivatedAt: now}); err != nil {
		t.Fatalf("activate the import: %v", err)
	}
	if act, err := storeB.Activation(ctx, "u1", "prov"); err != nil || act.Bundle != v10.Name {
		t.Fatalf("activation %+v %v", act, err)
	}
	pubs, err := storeB.Publications(ctx)
	if err != nil || len(pubs) != 1 || pubs[0].Provenance == nil || pubs[0].Provenance.Fingerprint != fpA {
		t.Fatalf("stored publications %+v %v", pubs, err)
	}
	if sig, err := storeB.BundleFile(ctx, v10.Name, designer.SignatureFile); err != nil || !bytes.Equal(sig, v10.Signature) {
		t.Errorf("the signature is not kept with the bundle: %v", err)
	}
	if _, err := im.Import(ctx, fpA, v11.Name, "u2", "admin", now); err != nil {
		t.Errorf("A's next version, by another unit: %v", err)
	}

	refusals := []struct {
		name    string
		import_ func(t *testing.T) error
		key     string
		cause   error
	}{
		{"a tampered file", func(t *testing.T) error {
			v12 := signed(t, testBundle(t, "1.2", "<p>A</p>"), keyA)
			url, dir := serveCatalogue(t, "Region A", v12)
			var b bytes.Buffer
			forged := withFile(v12, "steps/m/s/a.html", "<p>Ändrad</p>")
			forged.Manifest = v12.Manifest // the manifest (and so the signature) says the old content
			forged.Hash, forged.Name = v12.Hash, v12.Name
			if err := forged.WriteZip(&b); err != nil {
				t.Fatal(err)
			}
			replaceZip(t, dir, v12.Name, b.Bytes())
			return errOf((&Importer{Store: storeB, Trust: runtime.NewTrust(runtime.TrustedPublisher{Name: "Region A", Fingerprint: fpA, Catalogue: url}), Fetch: im.Fetch}).Import(ctx, fpA, v12.Name, "u1", "admin", now))
		}, "regions.import.refused.tampered", bundle.ErrCorrupt},
		{"a zip unlike the catalogue's", func(t *testing.T) error {
			if err := os.WriteFile(filepath.Join(dirA, v11.Name+".zip"), zipBundle(t, v10), 0o644); err != nil {
				t.Fatal(err)
			}
			return errOf(im.Import(ctx, fpA, v11.Name, "u1", "admin", now))
		}, "regions.import.refused.tampered", bundle.ErrCorrupt},
		{"a wrong signature", func(t *testing.T) error {
			v13 := signed(t, testBundle(t, "1.3", "<p>A</p>"), keyA)
			forged := withFile(v13, "steps/m/s/a.html", "<p>Ring inte vården.</p>")
			url, dir := serveCatalogue(t, "Region A", v13)
			// The forger lists the forgery in place of the real bundle.
			c, err := catalogue.Make("Region A", []catalogue.Entry{{Bundle: v13, Zip: zipBundle(t, v13)}})
			if err != nil {
				t.Fatal(err)
			}
			c.Programs[0].Versions[0].Bundle, c.Programs[0].Versions[0].Hash = forged.Name, forged.Hash
			c.Programs[0].Versions[0].File = forged.Name + ".zip"
			if err := os.WriteFile(filepath.Join(dir, catalogue.File), c.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			replaceZip(t, dir, forged.Name, zipBundle(t, forged))
			return errOf((&Importer{Store: storeB, Trust: runtime.NewTrust(runtime.TrustedPublisher{Name: "Region A", Fingerprint: fpA, Catalogue: url}), Fetch: im.Fetch}).Import(ctx, fpA, forged.Name, "u1", "admin", now))
		}, "regions.import.refused.signature", sign.ErrBadSignature},
		{"a foreign publisher's program id", func(t *testing.T) error {
			theirs := signed(t, testBundle(t, "2.0", "<p>B2</p>"), keyB)
			return importFile(ctx, storeB, trust, theirs)
		}, "regions.import.refused.owner", runtime.ErrNotPublisher},
		{"an untrusted publisher", func(t *testing.T) error {
			return importFile(ctx, storeB, trust, signed(t, testBundle(t, "3.0", "<p>X</p>"), keyX))
		}, "regions.import.refused.untrusted", runtime.ErrUntrusted},
		{"an unsigned bundle", func(t *testing.T) error {
			return importFile(ctx, storeB, trust, testBundle(t, "4.0", "<p>U</p>"))
		}, "regions.import.refused.unsigned", sign.ErrUnsigned},
		{"this region's own program id", func(t *testing.T) error {
			if _, err := Bundle(ctx, storeB, ownBundle(t, "1.0"), bundle.ManifestBytes(ownBundle(t, "1.0").Manifest), "ci", now); err != nil {
				t.Fatal(err)
			}
			return importFile(ctx, storeB, trust, signed(t, ownBundle(t, "1.1"), keyA))
		}, "regions.import.refused.owner", runtime.ErrNotPublisher},
		{"a bundle the catalogue does not list", func(t *testing.T) error {
			return errOf(im.Import(ctx, fpA, "prov@9.9+000000000000", "u1", "admin", now))
		}, "regions.import.refused.not_listed", runtime.ErrNotFound},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			before, _ := storeB.Publications(ctx)
			err := r.import_(t)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an *ImportError", err)
			}
			if ie.Key != r.key || !errors.Is(err, r.cause) {
				t.Errorf("refused with %s (%v), want %s and %v", ie.Key, err, r.key, r.cause)
			}
			if sv := ie.Text("sv"); strings.HasPrefix(sv, "regions.") || strings.Contains(sv, "%!") {
				t.Errorf("reason in Swedish: %q", sv)
			}
			after, _ := storeB.Publications(ctx)
			if len(after) > len(before)+boolInt(r.name == "this region's own program id") {
				t.Errorf("a refused import was published: %d publications, before %d", len(after), len(before))
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// importFile imports b as if read from a file of the catalogue.
func importFile(ctx context.Context, store runtime.BundleStore, trust *runtime.Trust, b *bundle.Bundle) error {
	z, err := catalogue.Zip(b)
	if err != nil {
		return err
	}
	rb, manifest, err := bundle.ReadZip(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		return err
	}
	_, err = ImportBundle(ctx, store, trust, rb, manifest, "file.zip", "u1", "admin", time.Now())
	return err
}

func ownBundle(t *testing.T, version string) *bundle.Bundle {
	t.Helper()
	b := testBundle(t, version, "<p>Egen</p>")
	p := *b.Program
	p.ID = "egen"
	pj, err := bundle.ProgramBytes(&p)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for k, v := range b.Files {
		files[k] = v
	}
	files[designer.ProgramFile] = pj
	return bundle.New(&p, files)
}

func errOf(_ runtime.Publication, err error) error { return err }

// alteredStore is a bundle store in which one file of every bundle reads
// otherwise than it was stored, as after a change behind stegvis's back.
type alteredStore struct {
	runtime.BundleStore
	path string
	data []byte
}

func (s alteredStore) BundleFile(ctx context.Context, name, path string) ([]byte, error) {
	if path == s.path {
		return s.data, nil
	}
	return s.BundleStore.BundleFile(ctx, name, path)
}

// TestVerifyStored checks an imported bundle again in the store before it
// is activated: it holds as imported, and a file or a signature changed
// since is refused with its reason.
func TestVerifyStored(t *testing.T) {
	ctx := context.Background()
	key := seededKey(5)
	fp := sign.Fingerprint(key.Public().(ed25519.PublicKey))
	store := openStore(t)
	trust := runtime.NewTrust(runtime.TrustedPublisher{Name: "Region A", Fingerprint: fp})
	b := signed(t, testBundle(t, "1.0", "<p>A</p>"), key)
	z := zipBundle(t, b)
	rb, manifest, err := bundle.ReadZip(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ImportBundle(ctx, store, trust, rb, manifest, "file", "u1", "admin", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	other := signed(t, testBundle(t, "1.0", "<p>A</p>"), seededKey(6))
	tests := []struct {
		name  string
		store runtime.BundleStore
		pub   runtime.Publication
		key   string
	}{
		{"as imported", store, pub, ""},
		{"this region's own", store, runtime.Publication{Bundle: "x"}, ""},
		{"a changed page", alteredStore{store, "steps/m/s/a.html", []byte("<p>B</p>")}, pub, "regions.import.refused.tampered"},
		{"another signature", alteredStore{store, designer.SignatureFile, other.Signature}, pub, "regions.import.refused.signature"},
		{"no signature", alteredStore{store, designer.SignatureFile, nil}, pub, "regions.import.refused.signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := VerifyStored(ctx, tt.store, tt.pub)
			var ie *ImportError
			switch {
			case tt.key == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.key != "" && (!errors.As(err, &ie) || ie.Key != tt.key):
				t.Errorf("err = %v, want a refusal %s", err, tt.key)
			}
		})
	}
}

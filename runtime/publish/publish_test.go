package publish

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
)

func testBundle(t *testing.T, version, text string) *bundle.Bundle {
	t.Helper()
	p := &designer.Program{Schema: designer.SchemaVersion, ID: "prov", Version: version, Title: "Prov", Language: "sv",
		Modules: []*designer.Module{{ID: "m", Title: "M", Sections: []*designer.Section{{ID: "s", Steps: []*designer.Step{{ID: "a", Title: "A", HTML: "steps/m/s/a.html"}}}}}}}
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	return bundle.New(p, map[string][]byte{designer.ProgramFile: pj, "steps/m/s/a.html": []byte(text)})
}

func openStore(t *testing.T) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestDir(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	store := openStore(t)
	b := testBundle(t, "1.0", "<p>A</p>")
	dir, err := b.WriteDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}

	pub, err := Dir(ctx, store, dir, "ci", now)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Bundle != b.Name || pub.Version != "1.0" || pub.Program != "prov" || pub.PublishedBy != "ci" {
		t.Errorf("publication %+v", pub)
	}
	got, err := store.BundleFile(ctx, b.Name, "steps/m/s/a.html")
	if err != nil || string(got) != "<p>A</p>" {
		t.Errorf("stored step %q %v", got, err)
	}
	if _, err := store.BundleFile(ctx, b.Name, designer.ManifestFile); err != nil {
		t.Errorf("manifest not stored: %v", err)
	}
	t.Run("again is harmless", func(t *testing.T) {
		if _, err := Dir(ctx, store, dir, "ci", now); err != nil {
			t.Error(err)
		}
		pubs, _ := store.Publications(ctx)
		if len(pubs) != 1 {
			t.Errorf("%d publications", len(pubs))
		}
	})
	t.Run("same version, other content", func(t *testing.T) {
		other, err := testBundle(t, "1.0", "<p>B</p>").WriteDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Dir(ctx, store, other, "ci", now); !errors.Is(err, ErrVersionTaken) {
			t.Errorf("err = %v, want ErrVersionTaken", err)
		}
	})
	t.Run("a changed file is refused", func(t *testing.T) {
		bad, err := testBundle(t, "1.1", "<p>C</p>").WriteDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(bad, "steps/m/s/a.html"), []byte("<p>tampered</p>"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Dir(ctx, store, bad, "ci", now); !errors.Is(err, bundle.ErrCorrupt) {
			t.Errorf("err = %v, want ErrCorrupt", err)
		}
		names, _ := store.Bundles(ctx)
		if len(names) != 1 {
			t.Errorf("stored %v", names)
		}
	})
	t.Run("not a bundle", func(t *testing.T) {
		if _, err := Dir(ctx, store, t.TempDir(), "ci", now); err == nil {
			t.Error("an empty folder was published")
		}
	})
	var _ runtime.BundleStore = store
}

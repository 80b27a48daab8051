package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
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

// TestParallelSameVersion races uploads of different content with one
// version, as two admins might: exactly one is published.
func TestParallelSameVersion(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	store := openStore(t)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		b := testBundle(t, "2.0", fmt.Sprintf("<p>%d</p>", i))
		manifest := bundle.ManifestBytes(b.Manifest)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = Bundle(ctx, store, b, manifest, "ci", now)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrVersionTaken):
			t.Errorf("err = %v, want ErrVersionTaken", err)
		}
	}
	pubs, err := store.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if won != 1 || len(pubs) != 1 {
		t.Errorf("%d uploads won, %d publications; want 1", won, len(pubs))
	}
}

// zipOf zips a bundle of p.
func zipOf(t *testing.T, p *designer.Program, files map[string][]byte) []byte {
	t.Helper()
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string][]byte{designer.ProgramFile: pj}
	for k, v := range files {
		all[k] = v
	}
	var buf bytes.Buffer
	if err := bundle.New(p, all).WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUploadChecksProgram(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	good := func() (*designer.Program, map[string][]byte) {
		p := testBundle(t, "1.0", "").Program
		return p, map[string][]byte{"steps/m/s/a.html": []byte("<p>A</p>")}
	}
	tests := []struct {
		name string
		edit func(p *designer.Program, files map[string][]byte)
		key  string
	}{
		{"no id", func(p *designer.Program, _ map[string][]byte) { p.ID = "" }, "web.publish.invalid.id"},
		{"id with a space", func(p *designer.Program, _ map[string][]byte) { p.ID = "Evil Id" }, "web.publish.invalid.id"},
		{"id with markup", func(p *designer.Program, _ map[string][]byte) { p.ID = `<img src=x onerror=alert(1)>` }, "web.publish.invalid.id"},
		{"no version", func(p *designer.Program, _ map[string][]byte) { p.Version = "" }, "web.publish.invalid.version"},
		{"version x.y.z", func(p *designer.Program, _ map[string][]byte) { p.Version = "x.y.z" }, "web.publish.invalid.version"},
		{"no title", func(p *designer.Program, _ map[string][]byte) { p.Title = " " }, "web.publish.invalid.title"},
		{"no modules", func(p *designer.Program, _ map[string][]byte) { p.Modules = nil }, "web.publish.invalid.no_modules"},
		{"a module id twice", func(p *designer.Program, _ map[string][]byte) {
			p.Modules = append(p.Modules, p.Modules[0])
		}, "web.publish.invalid.id_twice"},
		{"a step id that is a path", func(p *designer.Program, _ map[string][]byte) {
			p.Modules[0].Sections[0].Steps[0].ID = "../a"
		}, "web.publish.invalid.part_id"},
		{"a step without its page", func(p *designer.Program, files map[string][]byte) {
			delete(files, "steps/m/s/a.html")
		}, "web.publish.invalid.missing_file"},
		{"a step's form missing", func(p *designer.Program, _ map[string][]byte) {
			p.Modules[0].Sections[0].Steps[0].Form = "phq9"
		}, "web.publish.invalid.missing_form"},
		{"a flag's form missing", func(p *designer.Program, _ map[string][]byte) {
			p.Flags = []*designer.Flag{{ID: "risk", On: designer.TriggerFormSubmitted, Form: "gad7"}}
		}, "web.publish.invalid.missing_form"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := openStore(t)
			p, files := good()
			tt.edit(p, files)
			z := zipOf(t, p, files)
			_, err := Upload(ctx, store, bytes.NewReader(z), int64(len(z)), "south", "cecilia", now)
			var pr *Problem
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &pr) || pr.Key != tt.key {
				t.Fatalf("err = %v, want a problem %s", err, tt.key)
			}
			if names, _ := store.Bundles(ctx); len(names) != 0 {
				t.Errorf("stored %v", names)
			}
		})
	}
	t.Run("a good bundle", func(t *testing.T) {
		store := openStore(t)
		p, files := good()
		z := zipOf(t, p, files)
		pub, err := Upload(ctx, store, bytes.NewReader(z), int64(len(z)), "south", "cecilia", now)
		if err != nil || pub.Unit != "south" || pub.PublishedBy != "cecilia" {
			t.Errorf("%+v, %v", pub, err)
		}
	})
}

func TestUploadOwner(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	store := openStore(t)
	upload := func(unit, version, text string) error {
		var buf bytes.Buffer
		if err := testBundle(t, version, text).WriteZip(&buf); err != nil {
			t.Fatal(err)
		}
		_, err := Upload(ctx, store, bytes.NewReader(buf.Bytes()), int64(buf.Len()), unit, "admin", now)
		return err
	}
	if err := upload("south", "1.0", "<p>A</p>"); err != nil {
		t.Fatal(err)
	}
	if err := upload("north", "1.1", "<p>B</p>"); !errors.Is(err, ErrNotPublisher) {
		t.Errorf("another unit's next version: err = %v, want ErrNotPublisher", err)
	}
	if err := upload("south", "1.1", "<p>B</p>"); err != nil {
		t.Errorf("the owner's next version: %v", err)
	}
	b := testBundle(t, "1.2", "<p>C</p>")
	dir, err := b.WriteDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if pub, err := Dir(ctx, store, dir, "ops", now); err != nil || pub.Unit != "" {
		t.Errorf("the operator: %+v, %v", pub, err)
	}
}

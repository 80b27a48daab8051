package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// bundleFiles is a BundleStore of program.json files only, counting reads.
type bundleFiles struct {
	BundleStore // the methods Programs does not call panic
	mu          sync.Mutex
	files       map[string][]byte
	reads       int
}

func (b *bundleFiles) BundleFile(_ context.Context, name, path string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reads++
	data, ok := b.files[name]
	if !ok || path != designer.ProgramFile {
		return nil, fmt.Errorf("bundle %s file %s: %w", name, path, ErrNotFound)
	}
	return data, nil
}

func (b *bundleFiles) Bundles(context.Context) ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var names []string
	for n := range b.files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

func programFiles(t *testing.T, ps map[string]*designer.Program) *bundleFiles {
	t.Helper()
	b := &bundleFiles{files: map[string][]byte{}}
	for name, p := range ps {
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		b.files[name] = data
	}
	return b
}

const (
	bundle10 = "stress@1.0+0123456789ab"
	bundle11 = "stress@1.1+aaaaaaaaaaaa"
)

func TestPrograms(t *testing.T) {
	ctx := context.Background()
	old := testProgram()
	cur := testProgram()
	cur.Version = "1.1"
	cur.Forms[0] = &designer.Form{ID: "phq9", Version: "v2", Questions: []*designer.Question{{ID: "q1"}}}
	store := programFiles(t, map[string]*designer.Program{bundle10: old, bundle11: cur})
	store.files["broken@1.0+bbbbbbbbbbbb"] = []byte("{")
	ps := NewPrograms(store, 0)

	p, err := ps.Program(ctx, bundle11)
	if err != nil || p.Version != "1.1" {
		t.Fatalf("Program = %v, %v", p, err)
	}
	again, err := ps.Program(ctx, bundle11)
	if err != nil || again != p || store.reads != 1 {
		t.Errorf("second read: same %v, reads %d, %v", again == p, store.reads, err)
	}
	if _, err := ps.Program(ctx, "nope@1.0+cccccccccccc"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing bundle: %v", err)
	}
	if _, err := ps.Program(ctx, "broken@1.0+bbbbbbbbbbbb"); err == nil {
		t.Error("broken program.json decoded")
	}

	tests := []struct {
		name, form, version string
		want                error
	}{
		{"in the current bundle", "phq9", "v2", nil},
		{"in an older bundle", "phq9", "v1", nil},
		{"unknown version", "phq9", "v9", ErrNotFound},
		{"unknown form", "nope", "v1", ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ps.FormVersion(ctx, p, bundle11, tt.form, tt.version)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			if err == nil && (f.ID != tt.form || f.Version != tt.version) {
				t.Errorf("form %s %s", f.ID, f.Version)
			}
		})
	}
}

func TestProgramsBounded(t *testing.T) {
	ctx := context.Background()
	ps := map[string]*designer.Program{}
	for i := range 10 {
		ps[fmt.Sprintf("stress@1.%d+0123456789ab", i)] = testProgram()
	}
	store := programFiles(t, ps)
	c := NewPrograms(store, 3)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for name := range ps {
				if _, err := c.Program(ctx, name); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	c.files.mu.Lock()
	n := len(c.files.m)
	c.files.mu.Unlock()
	if n > 3 {
		t.Errorf("keeps %d programs, want at most 3", n)
	}
}

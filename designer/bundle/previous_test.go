package bundle

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestNewest(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{
		"somn@1.9+aaaaaaaaaaaa", "somn@1.10+bbbbbbbbbbbb", "somn@1.2+cccccccccccc",
		"annat@3.0+dddddddddddd", "inte-ett-paket", ".tmp-somn@9.9+eeeeeeeeeeee-1",
	} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"somn@2.0+ffffffffffff.txt", "zip@1.0+abcdefabcdef.zip"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		program, want string
	}{
		{"somn", "somn@1.10+bbbbbbbbbbbb"},
		{"annat", "annat@3.0+dddddddddddd"},
		{"zip", "zip@1.0+abcdefabcdef.zip"},
		{"borta", ""},
	}
	for _, tt := range tests {
		t.Run(tt.program, func(t *testing.T) {
			got, err := Newest(dir, tt.program)
			if tt.want == "" {
				if !errors.Is(err, ErrNoPrevious) {
					t.Fatalf("err = %v, want ErrNoPrevious", err)
				}
				return
			}
			if err != nil || got != filepath.Join(dir, tt.want) {
				t.Errorf("Newest = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestOutline(t *testing.T) {
	p := &designer.Program{ID: "somn", Version: "1.0", Title: "Sömn"}
	prog, err := ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	b := New(p, map[string][]byte{designer.ProgramFile: prog})
	manifest := ManifestBytes(b.Manifest)
	t.Run("matching", func(t *testing.T) {
		got, err := Outline(manifest, prog)
		if err != nil || got.Name != b.Name || got.Program.ID != "somn" {
			t.Fatalf("Outline = %v, %v; want %s", got, err, b.Name)
		}
	})
	t.Run("program.json changed", func(t *testing.T) {
		if _, err := Outline(manifest, append(prog, ' ')); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("err = %v, want ErrCorrupt", err)
		}
	})
}

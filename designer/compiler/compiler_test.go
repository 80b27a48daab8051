package compiler

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/themes"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/check/*.txtar")

// archive is a txtar archive: a comment, then files introduced by
// "-- name --" lines.
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data string
}

func parseArchive(s string) archive {
	var a archive
	lines := strings.SplitAfter(s, "\n")
	cur := -1
	for _, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			a.files = append(a.files, archiveFile{name: strings.TrimSpace(t[3 : len(t)-3])})
			cur = len(a.files) - 1
			continue
		}
		if cur < 0 {
			a.comment += l
		} else {
			a.files[cur].data += l
		}
	}
	return a
}

// archiveLang is the language a comment asks for with a line "lang: xx",
// or English.
func archiveLang(comment string) string {
	for _, l := range strings.Split(comment, "\n") {
		if lang, ok := strings.CutPrefix(strings.TrimSpace(l), "lang: "); ok {
			return lang
		}
	}
	return "en"
}

func (a archive) format() string {
	var b strings.Builder
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.WriteString(f.data)
	}
	return b.String()
}

// TestCheck builds each testdata/check/*.txtar program and compares the
// diagnostics with its "want" file. They are in English, unless the
// archive's comment has a line "lang: sv".
func TestCheck(t *testing.T) {
	paths, err := filepath.Glob("testdata/check/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(src))
			fsys := fstest.MapFS{}
			want, wantIdx := "", -1
			for i, f := range a.files {
				if f.name == "want" {
					want, wantIdx = f.data, i
					continue
				}
				fsys[f.name] = &fstest.MapFile{Data: []byte(f.data)}
			}
			res, err := New(fsys, "p", Options{}).Build()
			if err != nil {
				t.Fatal(err)
			}
			tr := themes.Lookup(archiveLang(a.comment)).T
			var got strings.Builder
			for _, d := range res.Diagnostics {
				got.WriteString(d.Format(tr) + "\n")
			}
			if res.Bundle != nil {
				got.WriteString("bundle " + res.Bundle.Name + "\n")
			}
			if *update {
				if wantIdx < 0 {
					a.files = append(a.files, archiveFile{name: "want"})
					wantIdx = len(a.files) - 1
				}
				a.files[wantIdx].data = got.String()
				if err := os.WriteFile(path, []byte(a.format()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got.String() != want {
				t.Errorf("diagnostics differ (run go test -update to accept)\n--- got\n%s--- want\n%s", got.String(), want)
			}
		})
	}
}

// TestBuildIsDeterministic builds every sample program, PDFs included, from
// two copies in different folders with different worker counts, and
// compares the bytes.
func TestBuildIsDeterministic(t *testing.T) {
	dirs, err := Programs("../../content")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			a := copyDir(t, dir, filepath.Join(t.TempDir(), "a", "somewhere"))
			b := copyDir(t, dir, filepath.Join(t.TempDir(), "b"))
			r1, err := New(os.DirFS(a), a, Options{Workers: 1, PDF: pdf.New()}).Build()
			if err != nil {
				t.Fatal(err)
			}
			r2, err := New(os.DirFS(b), b, Options{Workers: 4, PDF: pdf.New()}).Build()
			if err != nil {
				t.Fatal(err)
			}
			if r1.Bundle == nil || r2.Bundle == nil {
				t.Fatalf("sample program does not build:\n%v", r1.Diagnostics)
			}
			if r1.Bundle.Name != r2.Bundle.Name {
				t.Errorf("names differ: %s and %s", r1.Bundle.Name, r2.Bundle.Name)
			}
			if len(r1.Bundle.Files) != len(r2.Bundle.Files) {
				t.Errorf("%d files against %d", len(r1.Bundle.Files), len(r2.Bundle.Files))
			}
			pdfs := 0
			for name, data := range r1.Bundle.Files {
				if strings.HasSuffix(name, ".pdf") {
					pdfs++
				}
				if !bytes.Equal(data, r2.Bundle.Files[name]) {
					t.Errorf("%s differs between builds", name)
				}
			}
			if pdfs == 0 {
				t.Error("the bundle has no PDFs")
			}
			// Written out and read back, the bundle is the same.
			out := t.TempDir()
			written, err := r1.Bundle.WriteDir(out)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(written) != r1.Bundle.Name {
				t.Errorf("written as %s", written)
			}
			back, err := bundle.ReadDir(written)
			if err != nil {
				t.Fatal(err)
			}
			if back.Hash != r1.Bundle.Hash {
				t.Errorf("read back with hash %s, built with %s", back.Hash, r1.Bundle.Hash)
			}
		})
	}
}

// TestRebuildOnlyWhatChanged changes one step and checks that only it is
// parsed again and the bundle changes.
func TestRebuildOnlyWhatChanged(t *testing.T) {
	fsys := fstest.MapFS{
		"program.yaml":                   {Data: []byte("id: p\nversion: \"1.0\"\ntitle: P\nrecommended_days: 10\nmodules:\n  - id: m\n")},
		"modules/01-m/module.yaml":       {Data: []byte("title: M\n")},
		"modules/01-m/01-s/section.yaml": {Data: []byte("title: S\n")},
		"modules/01-m/01-s/01-a.md":      {Data: []byte("---\ntitle: A\n---\nEtt.\n")},
		"modules/01-m/01-s/02-b.md":      {Data: []byte("---\ntitle: B\n---\nTvå.\n")},
	}
	c := New(fsys, "p", Options{})
	r1, err := c.Build()
	if err != nil || r1.Bundle == nil {
		t.Fatalf("%v %v", err, r1.Diagnostics)
	}
	fsys["modules/01-m/01-s/02-b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\n---\nTre.\n")}
	r2, err := c.Build()
	if err != nil || r2.Bundle == nil {
		t.Fatalf("%v %v", err, r2.Diagnostics)
	}
	if len(r2.Changed) != 1 || r2.Changed[0] != "modules/01-m/01-s/02-b.md" {
		t.Errorf("changed = %v, want only the edited step", r2.Changed)
	}
	if r1.Bundle.Name == r2.Bundle.Name {
		t.Error("bundle name did not change with the content")
	}
	if got := string(r2.Bundle.Files["steps/m/s/b.html"]); !strings.Contains(got, "Tre.") {
		t.Errorf("b.html = %q", got)
	}
}

func copyDir(t *testing.T, from, to string) string {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// sampleVersion copies the sample program foraldraskap with its version
// set to version and, when remove is set, without that step file.
func sampleVersion(t *testing.T, version, remove string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "foraldraskap")
	if err := os.CopyFS(dir, os.DirFS("../../content/foraldraskap")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "program.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), `version: "1.0"`, `version: "`+version+`"`, 1)
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	if remove != "" {
		if err := os.Remove(filepath.Join(dir, remove)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBuildPrevious builds a version against the last one published, kept
// by stegvis publish --keep in a folder or served by a running stegvis.
func TestBuildPrevious(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
	const step = "modules/07-framat/01-framat/02-se-tillbaka.md"
	if _, err := os.Stat(filepath.Join("../../content/foraldraskap", step)); err != nil {
		t.Fatalf("the sample has changed: %v", err)
	}
	built := t.TempDir()
	published := filepath.Join(t.TempDir(), "publicerat")
	store := filepath.Join(t.TempDir(), "stegvis.db")

	// Versions 1.0 and 1.1 are built and published, and kept.
	for _, v := range []string{"1.0", "1.1"} {
		out := filepath.Join(built, v)
		if code, stdout, stderr := stegvis(t, "build", "--no-pdf", sampleVersion(t, v, ""), "-o", out); code != 0 {
			t.Fatalf("build %s: exit %d\n%s%s", v, code, stdout, stderr)
		}
		bundles, _ := filepath.Glob(filepath.Join(out, "foraldraskap@*"))
		if len(bundles) != 1 {
			t.Fatalf("build %s wrote %v", v, bundles)
		}
		code, stdout, stderr := stegvis(t, "publish", "--store", store, "--keep", published, bundles[0])
		if code != 0 || !strings.Contains(stdout, "sparade "+filepath.Join(published, filepath.Base(bundles[0]))) {
			t.Fatalf("publish %s: exit %d\n%s%s", v, code, stdout, stderr)
		}
	}
	kept, _ := filepath.Glob(filepath.Join(published, "foraldraskap@*"))
	if len(kept) != 2 {
		t.Fatalf("kept %v, want two bundles", kept)
	}

	// A server that serves the latest one as stegvis serve does.
	latest := kept[0]
	if strings.Contains(kept[1], "@1.1+") {
		latest = kept[1]
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, f := range []string{designer.ManifestFile, designer.ProgramFile} {
			if r.URL.Path == "/published/foraldraskap/"+f {
				http.ServeFile(w, r, filepath.Join(latest, f))
				return
			}
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	empty := httptest.NewServer(http.NotFoundHandler())
	defer empty.Close()

	tests := []struct {
		name, version, remove, previous string
		code                            int
		contains                        string
	}{
		{"folder: a minor step over a compatible change", "1.2", "", published, 0, "jämförs med " + latest},
		{"folder: the newest is 1.1, not 1.0", "1.1", step, published, 1, "versionen är fortfarande 1.1"},
		{"folder: a minor step over a removed step", "1.2", step, published, 1, "kräver en ny huvudversion (2.0)"},
		{"folder: a major step over a removed step", "2.0", step, published, 0, "jämförs med"},
		{"folder without the program", "1.0", "", t.TempDir(), 0, "det här är den första versionen"},
		{"URL: a minor step over a removed step", "1.2", step, srv.URL, 1, "kräver en ny huvudversion (2.0)"},
		{"URL: a major step", "2.0", step, srv.URL + "/", 0, "jämförs med " + srv.URL + "/published/foraldraskap"},
		{"URL that never published the program", "1.0", "", empty.URL, 0, "det här är den första versionen"},
		{"one bundle, as before", "1.2", step, latest, 1, "kräver en ny huvudversion (2.0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := stegvis(t, "build", "--no-pdf", sampleVersion(t, tt.version, tt.remove), "-o", t.TempDir(), "--previous", tt.previous)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.contains) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tt.contains, stdout, stderr)
			}
		})
	}
}

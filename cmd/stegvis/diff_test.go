package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffExitCode checks that diff fails when it says the version number
// is wrong, and counts changes in the singular when there is one.
func TestDiffExitCode(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
	sample := "../../content/foraldraskap"
	changed := func(t *testing.T, version string) string {
		dir := filepath.Join(t.TempDir(), "foraldraskap")
		if err := os.CopyFS(dir, os.DirFS(sample)); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "program.yaml")
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.Replace(string(src), "title: Vardagen med barn", "title: Vardagen med små barn", 1)
		s = strings.Replace(s, `version: "1.0"`, `version: "`+version+`"`, 1)
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	tests := []struct {
		name     string
		version  string
		json     bool
		code     int
		contains []string
	}{
		{"same version", "1.0", false, 1, []string{"1 ändring, kompatibel", "versionsnummer:"}},
		{"minor step", "1.1", false, 0, []string{"1 ändring, kompatibel"}},
		{"older version", "0.9", false, 1, []string{"versionsnummer:"}},
		{"same version as JSON", "1.0", true, 1, []string{`"new_version": "1.0"`}},
		{"minor step as JSON", "1.1", true, 0, []string{`"new_version": "1.1"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"diff", sample, changed(t, tt.version)}
			if tt.json {
				args = append(args, "--json")
			}
			code, stdout, stderr := stegvis(t, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.contains {
				if !strings.Contains(stdout, want) {
					t.Errorf("output lacks %q:\n%s", want, stdout)
				}
			}
		})
	}
}

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stegvis runs the command line in-process and returns its exit code and output.
func stegvis(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDesignerCommands(t *testing.T) {
	sample := "../../content/foraldraskap"
	out := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "program.yaml"), []byte("id: bad\ntitel: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		args     []string
		code     int
		contains string // in stdout or stderr
	}{
		{"help lists commands", []string{"help"}, 0, "validate"},
		{"command help", []string{"build", "--help"}, 0, "Usage: stegvis build"},
		{"unknown command", []string{"bygg"}, 2, `unknown command "bygg"`},
		{"validate sample", []string{"validate", sample}, 0, "no errors"},
		{"validate reports file:line:col", []string{"validate", bad}, 1, `program.yaml:2:1: error: unknown key "titel"; did you mean "title"?`},
		{"build without -o", []string{"build", sample}, 2, "Usage"},
		{"build", []string{"build", sample, "-o", out, "--no-pdf"}, 0, "foraldraskap@1.0+"},
		{"build again is idempotent", []string{"build", sample, "-o", out, "--no-pdf"}, 0, "foraldraskap@1.0+"},
		{"diff with itself", []string{"diff", sample, sample}, 0, "no changes"},
		{"pdf of a form", []string{"pdf", sample, "--form", "lekstund", "-o", filepath.Join(out, "f.pdf")}, 0, "bytes"},
		{"pdf of a missing module", []string{"pdf", sample, "--module", "nope", "-o", filepath.Join(out, "m.pdf")}, 1, `has no module "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := stegvis(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stdout+stderr, tt.contains) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tt.contains, stdout, stderr)
			}
		})
	}
}

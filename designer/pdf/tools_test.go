package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// needTools skips a test when poppler-utils or qpdf are missing, loudly,
// and fails it on CI, where they must be installed.
func needTools(t testing.TB, names ...string) {
	t.Helper()
	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "\n*** " + strings.Join(missing, ", ") + " not found: PDF output is NOT checked.\n" +
		"*** Install them with: apt-get install -y poppler-utils qpdf\n"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// writePDF puts b in a temporary file and returns its path.
func writePDF(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs a tool and returns its standard output; it fails the test on
// a non-zero exit.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// pdfText is the text of a PDF as pdftotext reads it: in reading order, or
// laid out as on the page.
func pdfText(t testing.TB, b []byte, layout bool) string {
	t.Helper()
	needTools(t, "pdftotext")
	args := []string{"-enc", "UTF-8"}
	if layout {
		args = append(args, "-layout")
	}
	return run(t, "pdftotext", append(args, writePDF(t, b), "-")...)
}

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/themes"
)

// stegvis runs the command line in-process and returns its exit code and output.
func stegvis(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestDesignerCommands(t *testing.T) {
	// Swedish unless --lang en says otherwise, wherever the test runs.
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
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
		lacks    string // in neither, unless empty
	}{
		{"help lists commands", []string{"help"}, 0, "validate", ""},
		{"help is Swedish", []string{"help"}, 0, "Kommandon:", ""},
		{"help in English", []string{"help", "--lang", "en"}, 0, "Commands:", ""},
		{"command help", []string{"build", "--lang", "en", "--help"}, 0, "Usage: stegvis build", ""},
		{"command help in Swedish", []string{"build", "--help"}, 0, "Användning: stegvis build MAPP -o UT", ""},
		{"flag help in Swedish", []string{"validate", "--help"}, 0, "skriv bara ut fel, inte varningar", ""},
		{"unknown language", []string{"validate", "--lang", "de", sample}, 2, `okänt språk "de"`, ""},
		{"unknown command", []string{"bygg"}, 2, `okänt kommando "bygg"`, ""},
		{"validate sample", []string{"validate", "--lang", "en", sample}, 0, "no errors", ""},
		{"validate sample in Swedish", []string{"validate", sample}, 0, "inga fel", ""},
		{"validate reports file:line:col", []string{"validate", "--lang", "en", bad}, 1, `program.yaml:2:1: error: unknown key "titel"; did you mean "title"?`, ""},
		{"validate reports in Swedish", []string{"validate", bad}, 1, `program.yaml:2:1: fel: okänd nyckel "titel"; menade du "title"?`, ""},
		{"validate summary in Swedish", []string{"validate", bad}, 1, "bad: 4 fel, 1 varning", ""},
		{"--lang=en after the folder", []string{"validate", bad, "--lang=en"}, 1, "bad: 4 errors, 1 warning", ""},
		{"validate a folder without programs", []string{"validate", t.TempDir()}, 1, "innehåller inget program", ""},
		{"build without -o", []string{"build", sample}, 2, "Användning", ""},
		{"build without -o says so", []string{"build", sample}, 2, "-o UT saknas", ""},
		{"build without -o says so in English", []string{"build", sample, "--lang", "en"}, 2, "-o OUT is missing", ""},
		{"--lang before help", []string{"--lang", "en", "help"}, 0, "Commands:", "unknown command"},
		{"--lang= before a command", []string{"--lang=en", "validate", sample}, 0, "no errors", ""},
		{"the command's --lang wins", []string{"--lang", "en", "validate", "--lang", "sv", sample}, 0, "inga fel", ""},
		{"unknown flag before the command", []string{"--foo", "help"}, 2, "okänd flagga --foo före kommandot", ""},
		{"unknown language before the command", []string{"--lang", "de", "help"}, 2, `okänt språk "de"`, ""},
		{"help of a command", []string{"help", "validate"}, 0, "Användning: stegvis validate", "Kommandon:"},
		{"help of a command in English", []string{"--lang", "en", "help", "build"}, 0, "Usage: stegvis build", "Commands:"},
		{"help of an unknown command", []string{"help", "bygg"}, 2, `okänt kommando "bygg"`, ""},
		{"help lists version", []string{"help"}, 0, "  version ", ""},
		{"help says how to get English", []string{"help"}, 0, "--lang sv|en", ""},
		{"version", []string{"version"}, 0, "stegvis dev", ""},
		{"validate without a folder", []string{"validate"}, 2, "MAPP saknas", ""},
		{"publish without a bundle", []string{"publish"}, 2, "BUNDLE saknas", ""},
		{"publish without a bundle in English", []string{"publish", "--lang", "en"}, 2, "BUNDLE is missing", ""},
		{"serve with an argument", []string{"serve", "content"}, 2, "oväntat argument: content", ""},
		{"demo with two folders", []string{"demo", "a", "b"}, 2, "för många argument: b", ""},
		{"validate without a folder in English", []string{"--lang", "en", "validate"}, 2, "DIR is missing", ""},
		{"validate with two folders", []string{"validate", sample, sample}, 2, "för många argument", ""},
		{"pdf without a part", []string{"pdf", sample, "-o", "x.pdf"}, 2, "ange precis en av --module", ""},
		{"diff with one folder", []string{"diff", sample}, 2, "ange GAMMAL och NY", ""},
		{"unknown flag in Swedish", []string{"validate", "-x", sample}, 2, "okänd flagga -x", "provided but not defined"},
		{"flag without value in Swedish", []string{"build", sample, "-o"}, 2, "flaggan -o behöver ett värde", "needs an argument"},
		{"bad boolean in Swedish", []string{"validate", "-q=kanske", sample}, 2, `ogiltigt värde "kanske" för -q`, "invalid"},
		{"missing folder in Swedish", []string{"validate", filepath.Join(out, "saknas")}, 1, "saknas: filen eller mappen finns inte", "no such file"},
		{"missing folder in English", []string{"validate", "--lang", "en", filepath.Join(out, "saknas")}, 1, "saknas: no such file or folder", ""},
		{"build", []string{"build", sample, "-o", out, "--no-pdf"}, 0, "foraldraskap@1.0+", ""},
		{"build again is idempotent", []string{"build", sample, "-o", out, "--no-pdf"}, 0, "foraldraskap@1.0+", ""},
		{"diff with itself", []string{"diff", "--lang", "en", sample, sample}, 0, "no changes", ""},
		{"diff with itself in Swedish", []string{"diff", sample, sample}, 0, "inga ändringar", ""},
		{"pdf of a form", []string{"pdf", sample, "--lang", "en", "--form", "lekstund", "-o", filepath.Join(out, "f.pdf")}, 0, "bytes", ""},
		{"pdf of a missing module", []string{"pdf", sample, "--lang", "en", "--module", "nope", "-o", filepath.Join(out, "m.pdf")}, 1, `has no module "nope"`, ""},
		{"pdf of a missing module in Swedish", []string{"pdf", sample, "--module", "nope", "-o", filepath.Join(out, "m.pdf")}, 1, `har ingen modul "nope"`, ""},
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
			if tt.lacks != "" && strings.Contains(stdout+stderr, tt.lacks) {
				t.Errorf("output has %q\nstdout: %s\nstderr: %s", tt.lacks, stdout, stderr)
			}
		})
	}
}

func TestLanguageFromEnvironment(t *testing.T) {
	tests := []struct {
		lcAll, lang string
		want        string
	}{
		{"", "", "Kommandon:"},
		{"", "sv_SE.UTF-8", "Kommandon:"},
		{"", "en_GB.UTF-8", "Commands:"},
		{"en_US.UTF-8", "sv_SE.UTF-8", "Commands:"},
		{"C", "en_US.UTF-8", "Kommandon:"},
	}
	for _, tt := range tests {
		t.Run(tt.lcAll+"/"+tt.lang, func(t *testing.T) {
			t.Setenv("LC_ALL", tt.lcAll)
			t.Setenv("LANG", tt.lang)
			if _, stdout, _ := stegvis(t, "help"); !strings.Contains(stdout, tt.want) {
				t.Errorf("help lacks %q:\n%s", tt.want, stdout)
			}
		})
	}
}

// TestCatalogueKeys checks that every catalogue key written out in the
// designer's and the command line's code is in the catalogue, so that no
// one is shown a bare key. Keys built at run time (designer.what.*, …)
// are covered by the golden tests.
func TestCatalogueKeys(t *testing.T) {
	keyRE := regexp.MustCompile(`"((?:designer|cli)\.[a-z_]+(?:\.[a-z_]+)+)"`)
	sv := themes.Lookup("sv")
	for _, dir := range []string{".", "../../designer"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range keyRE.FindAllSubmatch(src, -1) {
				if k := string(m[1]); !sv.Has(k) {
					t.Errorf("%s: key %q is not in the catalogue", path, k)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

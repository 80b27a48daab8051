package main

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/catalogue"
	"github.com/stegvis/stegvis/designer/sign"
)

// TestKeysBuildSignCatalogue runs what a region does to share a program:
// a publisher key outside Git, a signed build, a catalogue of it.
func TestKeysBuildSignCatalogue(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
	cmd := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := run(args, &out, &out)
		return code, out.String()
	}
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, out := cmd("keys", "new", "--out", filepath.Join(repo, "keys")); code != 1 || !strings.Contains(out, "Git-arbetskopian") {
		t.Errorf("a key inside a Git work tree: %d %s", code, out)
	}
	if code, out := cmd("keys", "new", "--out", filepath.Join(repo, "keys"), "--force"); code != 0 {
		t.Errorf("--force: %d %s", code, out)
	}
	if code, out := cmd("keys", "old", "--out", t.TempDir()); code != 2 || !strings.Contains(out, `okänt underkommando "old"`) {
		t.Errorf("an unknown subcommand: %d %s", code, out)
	}
	keys := filepath.Join(t.TempDir(), "keys")
	code, out := cmd("keys", "new", "--out", keys)
	if code != 0 || !strings.Contains(out, "fingeravtryck:") {
		t.Fatalf("keys new: %d %s", code, out)
	}
	if code, out := cmd("keys", "new", "--out", keys); code != 1 {
		t.Errorf("a second key over the first: %d %s", code, out)
	}
	priv, err := sign.ReadPrivateFile(filepath.Join(keys, sign.PrivateFile))
	if err != nil {
		t.Fatal(err)
	}

	bundles := t.TempDir()
	if code, out := cmd("build", "../../content/foraldraskap", "-o", bundles, "--no-pdf", "--zip", "--sign", filepath.Join(keys, sign.PrivateFile)); code != 0 {
		t.Fatalf("build --sign: %d %s", code, out)
	}
	dirs, _ := filepath.Glob(filepath.Join(bundles, "foraldraskap@*"))
	var dir string
	for _, d := range dirs {
		if !strings.HasSuffix(d, ".zip") {
			dir = d
		}
	}
	b, err := bundle.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := sign.VerifyBundle(b)
	if err != nil || pub.Fingerprint != sign.Fingerprint(priv.Public().(ed25519.PublicKey)) {
		t.Fatalf("the built bundle is not signed by the key: %v", err)
	}
	again := t.TempDir()
	if code, out := cmd("build", "../../content/foraldraskap", "-o", again, "--no-pdf", "--sign", filepath.Join(keys, sign.PrivateFile)); code != 0 {
		t.Fatalf("build --sign again: %d %s", code, out)
	}
	sig2, err := os.ReadFile(filepath.Join(again, filepath.Base(dir), "signature.json"))
	if err != nil || !bytes.Equal(sig2, b.Signature) {
		t.Errorf("the same content and key gave another signature: %v", err)
	}

	cat := t.TempDir()
	if code, out := cmd("catalogue", "--out", cat, "--name", "Region Test", bundles); code != 0 || !strings.Contains(out, "1 program, 1 paket") {
		t.Fatalf("catalogue: %d %s", code, out)
	}
	data, err := os.ReadFile(filepath.Join(cat, catalogue.File))
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.Parse(data)
	if err != nil || c.Region != "Region Test" {
		t.Fatalf("catalogue.json: %v", err)
	}
	if _, v, ok := c.Find(b.Name); !ok || v.Hash != b.Hash {
		t.Errorf("%s is not in the catalogue", b.Name)
	}
	unsigned := t.TempDir()
	if code, out := cmd("build", "../../content/foraldraskap", "-o", unsigned, "--no-pdf"); code != 0 {
		t.Fatalf("build: %d %s", code, out)
	}
	if code, out := cmd("catalogue", "--out", t.TempDir(), unsigned); code != 1 || !strings.Contains(out, "bara signerade paket kan delas") {
		t.Errorf("a catalogue of an unsigned bundle: %d %s", code, out)
	}
}

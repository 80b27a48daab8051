package sign

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
)

func testKey(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

func testBundle(t *testing.T) *bundle.Bundle {
	t.Helper()
	p := &designer.Program{Schema: designer.SchemaVersion, ID: "prov", Version: "1.0", Title: "Prov"}
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	return bundle.New(p, map[string][]byte{designer.ProgramFile: pj, "steps/a.html": []byte("<p>A</p>")})
}

func TestSignIsDeterministicAndRoundTrips(t *testing.T) {
	b := testBundle(t)
	s1, err := Bundle(b, testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := Bundle(b, testKey(1))
	if s1.Name != s2.Name || !bytes.Equal(s1.Signature, s2.Signature) {
		t.Errorf("same bundle and key gave %s and %s", s1.Name, s2.Name)
	}
	if s1.Name == b.Name {
		t.Errorf("the signed bundle has the unsigned one's name: the manifest should name the publisher")
	}
	dir, err := s1.WriteDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	back, err := bundle.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := VerifyBundle(back)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Fingerprint != Fingerprint(testKey(1).Public().(ed25519.PublicKey)) {
		t.Errorf("publisher %+v", pub)
	}
	var z bytes.Buffer
	if err := s1.WriteZip(&z); err != nil {
		t.Fatal(err)
	}
	zb, manifest, err := bundle.ReadZip(bytes.NewReader(z.Bytes()), int64(z.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(manifest, zb.Signature); err != nil {
		t.Errorf("verify after zip: %v", err)
	}
}

func TestVerifyRefuses(t *testing.T) {
	s, err := Bundle(testBundle(t), testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := Bundle(testBundle(t), testKey(2))
	mb := bundle.ManifestBytes(s.Manifest)
	tests := []struct {
		name     string
		manifest []byte
		sig      []byte
		want     error
	}{
		{"unsigned", bundle.ManifestBytes(testBundle(t).Manifest), nil, ErrUnsigned},
		{"no signature file", mb, nil, ErrUnsigned},
		{"another key's signature", mb, other.Signature, ErrBadSignature},
		{"a changed manifest", bytes.Replace(mb, []byte(`"size": 8`), []byte(`"size": 9`), 1), s.Signature, ErrBadSignature},
		{"a broken signature file", mb, []byte("{"), ErrBadSignature},
		{"a key unlike its fingerprint", bytes.Replace(mb, []byte(s.Manifest.Publisher.Key), []byte(other.Manifest.Publisher.Key), 1), s.Signature, ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Verify(tt.manifest, tt.sig); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestKeyFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	priv := testKey(3)
	privPath, pubPath, err := WriteKeyFiles(dir, priv)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(privPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v %v", fi.Mode(), err)
	}
	back, err := ReadPrivateFile(privPath)
	if err != nil || !back.Equal(priv) {
		t.Errorf("read back: %v", err)
	}
	pubPEM, _ := os.ReadFile(pubPath)
	pub, err := ParsePublic(string(pubPEM))
	if err != nil || !pub.Equal(priv.Public()) {
		t.Errorf("public key: %v", err)
	}
	b64 := Publisher(pub).Key
	if pub2, err := ParsePublic(b64); err != nil || !pub2.Equal(pub) {
		t.Errorf("base64 public key: %v", err)
	}
	if _, _, err := WriteKeyFiles(dir, testKey(4)); !errors.Is(err, os.ErrExist) {
		t.Errorf("overwrite: %v, want ErrExist", err)
	}
	if err := os.Chmod(privPath, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPrivateFile(privPath); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key others may read: %v", err)
	}
	fp := Fingerprint(pub)
	if !IsFingerprint(fp) || IsFingerprint(strings.ToUpper(fp)) || IsFingerprint(fp[1:]) || len(Short(fp)) != 19 {
		t.Errorf("fingerprint %q short %q", fp, Short(fp))
	}
}

func TestGitWorkTree(t *testing.T) {
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := GitWorkTree(filepath.Join(root, "a", "b"))
	if err != nil || got != root {
		t.Errorf("GitWorkTree = %q %v, want %q", got, err, root)
	}
}

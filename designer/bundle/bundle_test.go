package bundle

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func sample(t *testing.T) *Bundle {
	t.Helper()
	p := &designer.Program{Schema: designer.SchemaVersion, ID: "p", Version: "1.2", Title: "P"}
	pj, err := ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	return New(p, map[string][]byte{designer.ProgramFile: pj, "steps/m/s/a.html": []byte("<p>Hej</p>")})
}

func TestWriteReadVerify(t *testing.T) {
	b := sample(t)
	if _, _, h, err := designer.ParseBundleName(b.Name); err != nil || h != b.Hash[:12] {
		t.Fatalf("name %q: %v", b.Name, err)
	}
	parent := t.TempDir()
	dir, err := b.WriteDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Name != b.Name || string(back.Files["steps/m/s/a.html"]) != "<p>Hej</p>" {
		t.Errorf("read back %s", back.Name)
	}
	// Writing the same bundle again changes nothing.
	if _, err := b.WriteDir(parent); err != nil {
		t.Errorf("second write: %v", err)
	}
	// A changed file is found.
	if err := os.WriteFile(filepath.Join(dir, "steps/m/s/a.html"), []byte("<p>Hej!</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDir(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("ReadDir of a changed bundle = %v, want ErrCorrupt", err)
	}
	// And a bundle that exists with other content is not overwritten.
	if _, err := b.WriteDir(parent); err == nil {
		t.Error("WriteDir over a changed bundle succeeded")
	}
}

func TestZip(t *testing.T) {
	b := sample(t)
	var z1, z2 bytes.Buffer
	if err := b.WriteZip(&z1); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteZip(&z2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(z1.Bytes(), z2.Bytes()) {
		t.Error("the same bundle zipped to different bytes")
	}
	back, manifest, err := ReadZip(bytes.NewReader(z1.Bytes()), int64(z1.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Name != b.Name || !bytes.Equal(manifest, ManifestBytes(b.Manifest)) {
		t.Errorf("read back %s", back.Name)
	}
	// A file changed inside the zip is found.
	changed := *b
	changed.Files = map[string][]byte{}
	for k, v := range b.Files {
		changed.Files[k] = v
	}
	changed.Files["steps/m/s/a.html"] = []byte("<p>Hoj</p>")
	var z3 bytes.Buffer
	if err := changed.WriteZip(&z3); err != nil {
		t.Fatal(err)
	}
	bad := z3.Bytes()
	if _, _, err := ReadZip(bytes.NewReader(bad), int64(len(bad))); !errors.Is(err, ErrCorrupt) {
		t.Errorf("ReadZip of a changed file = %v, want ErrCorrupt", err)
	}
}

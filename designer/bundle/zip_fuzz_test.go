package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// FuzzReadZip reads any bytes as an uploaded bundle: ReadZip never
// panics, and what it accepts has a manifest and every file the manifest
// lists, with the size it says.
func FuzzReadZip(f *testing.F) {
	program := []byte(`{"id":"p","version":"1.0","title":"P"}` + "\n")
	sum := sha256.Sum256(program)
	m := designer.Manifest{Schema: designer.SchemaVersion, Program: "p", Version: "1.0",
		Files: []designer.BundleFile{{Path: designer.ProgramFile, Size: int64(len(program)), SHA256: hex.EncodeToString(sum[:])}}}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		f.Fatal(err)
	}
	manifest = append(manifest, '\n')
	mh := sha256.Sum256(manifest)
	name := designer.BundleName("p", "1.0", hex.EncodeToString(mh[:]))

	seed := func(files ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := 0; i+1 < len(files); i += 2 {
			w, err := zw.Create(files[i])
			if err != nil {
				f.Fatal(err)
			}
			if _, err := w.Write([]byte(files[i+1])); err != nil {
				f.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			f.Fatal(err)
		}
		return buf.Bytes()
	}
	f.Add(seed(designer.ProgramFile, string(program), designer.ManifestFile, string(manifest)))
	f.Add(seed(name+"/"+designer.ProgramFile, string(program), name+"/"+designer.ManifestFile, string(manifest)))
	f.Add(seed(designer.ManifestFile, string(manifest)))
	f.Add(seed(designer.ProgramFile, string(program), designer.ManifestFile, string(manifest), "media/evil.js", "alert(1)"))
	f.Add(seed("../"+designer.ManifestFile, string(manifest)))
	f.Add(seed(designer.ManifestFile, "{"))
	f.Add(seed())
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Add([]byte("not a zip"))

	f.Fuzz(func(t *testing.T, data []byte) {
		b, mb, err := ReadZip(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if b == nil || len(mb) == 0 {
			t.Fatalf("ReadZip accepted a bundle without a manifest: %v, %d bytes", b, len(mb))
		}
		for _, bf := range b.Manifest.Files {
			data, ok := b.Files[bf.Path]
			if !ok {
				t.Fatalf("manifest lists %s, the bundle lacks it", bf.Path)
			}
			if int64(len(data)) != bf.Size {
				t.Fatalf("%s has %d bytes, the manifest says %d", bf.Path, len(data), bf.Size)
			}
		}
	})
}

package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// zeros reads as n zero bytes without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), z.n)]
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

// entry is one file of a crafted zip: its bytes, or size zero bytes.
type entry struct {
	name string
	data []byte
	size int64
}

func (e entry) reader() io.Reader {
	if e.data != nil {
		return bytes.NewReader(e.data)
	}
	return &zeros{e.size}
}

func craftZip(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, e.reader()); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func listed(e entry) designer.BundleFile {
	h := sha256.New()
	n, _ := io.Copy(h, e.reader())
	return designer.BundleFile{Path: e.name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
}

// craftBundle zips files with a manifest listing listedFiles, all under
// the bundle's folder.
func craftBundle(t testing.TB, listedFiles []designer.BundleFile, files ...entry) []byte {
	t.Helper()
	m := designer.Manifest{Schema: designer.SchemaVersion, Program: "p", Version: "1.2", Files: listedFiles}
	mb := ManifestBytes(m)
	sum := sha256.Sum256(mb)
	name := designer.BundleName("p", "1.2", hex.EncodeToString(sum[:]))
	var out []entry
	for _, f := range files {
		f.name = name + "/" + f.name
		out = append(out, f)
	}
	return craftZip(t, append(out, entry{name: name + "/" + designer.ManifestFile, data: mb})...)
}

func programEntry(t testing.TB) entry {
	pj, err := ProgramBytes(&designer.Program{Schema: designer.SchemaVersion, ID: "p", Version: "1.2", Title: "P"})
	if err != nil {
		t.Fatal(err)
	}
	return entry{name: designer.ProgramFile, data: pj}
}

// allocated returns the bytes allocated while reading z, and its error.
func allocated(z []byte) (uint64, error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := ReadZip(bytes.NewReader(z), int64(len(z)))
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

// TestReadZipHostile reads crafted zips that expand far beyond their size,
// hold what the manifest does not list, or hold too much, and checks that
// each is refused having allocated little.
func TestReadZipHostile(t *testing.T) {
	const bomb = 32 << 20
	pe := programEntry(t)
	page := entry{name: "steps/m/s/a.html", data: []byte("<p>Hej</p>")}
	many := []designer.BundleFile{listed(pe)}
	manyFiles := []entry{pe}
	for i := range maxZipEntries {
		e := entry{name: fmt.Sprintf("media/%05d.txt", i), data: []byte{'x'}}
		many = append(many, listed(e))
		manyFiles = append(manyFiles, e)
	}
	// A manifest padded with spaces past its limit stays valid JSON.
	fat := craftZip(t, entry{name: designer.ManifestFile,
		data: append(ManifestBytes(designer.Manifest{Schema: designer.SchemaVersion, Program: "p", Version: "1.2",
			Files: []designer.BundleFile{listed(pe)}}), bytes.Repeat([]byte(" "), maxManifestSize)...)}, pe)
	tests := []struct {
		name     string
		zip      []byte
		maxAlloc uint64
		corrupt  bool
	}{
		{"entry far larger than listed", craftBundle(t, []designer.BundleFile{listed(pe), listed(page)},
			pe, entry{name: page.name, size: bomb}), 4 << 20, true},
		{"unlisted entry", craftBundle(t, []designer.BundleFile{listed(pe)},
			pe, entry{name: "media/evil.bin", size: bomb}), 4 << 20, true},
		{"unlisted entry before the manifest's folder", craftZip(t, entry{name: "evil.bin", size: bomb},
			entry{name: designer.ManifestFile, data: ManifestBytes(designer.Manifest{Files: []designer.BundleFile{listed(pe)}})}, pe), 4 << 20, true},
		{"listed, hashed, and a bomb", craftBundle(t, []designer.BundleFile{listed(pe), listed(entry{name: "media/zeros.bin", size: bomb})},
			pe, entry{name: "media/zeros.bin", size: bomb}), 4 << 20, false},
		{"too many entries", craftBundle(t, many, manyFiles...), 64 << 20, false},
		{"manifest too large", fat, 4 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := allocated(tt.zip)
			t.Logf("zip of %d KiB: %d KiB allocated reading it: %v", len(tt.zip)>>10, n>>10, err)
			if err == nil {
				t.Fatal("ReadZip accepted it")
			}
			if tt.corrupt && !errors.Is(err, ErrCorrupt) {
				t.Errorf("err = %v, want ErrCorrupt", err)
			}
			if n > tt.maxAlloc {
				t.Errorf("allocated %d MiB reading a %d KiB zip, want at most %d MiB", n>>20, len(tt.zip)>>10, tt.maxAlloc>>20)
			}
		})
	}
}

// TestReadZipLayouts checks the layouts a bundle's zip may have, and the
// mismatches found while streaming.
func TestReadZipLayouts(t *testing.T) {
	pe := programEntry(t)
	page := entry{name: "steps/m/s/a.html", data: []byte("<p>Hej</p>")}
	files := []designer.BundleFile{listed(pe), listed(page)}
	mb := ManifestBytes(designer.Manifest{Schema: designer.SchemaVersion, Program: "p", Version: "1.2", Files: files})
	tests := []struct {
		name string
		zip  []byte
		want error // nil: read it; ErrCorrupt; or errAny
	}{
		{"in the bundle's folder", craftBundle(t, files, pe, page), nil},
		{"at the top", craftZip(t, pe, page, entry{name: designer.ManifestFile, data: mb}), nil},
		{"folder of another name", craftZip(t, entry{name: "x/" + pe.name, data: pe.data}, entry{name: "x/" + page.name, data: page.data},
			entry{name: "x/" + designer.ManifestFile, data: mb}), ErrCorrupt},
		{"no manifest", craftZip(t, pe, page), ErrCorrupt},
		{"two manifests", craftZip(t, pe, page, entry{name: designer.ManifestFile, data: mb}, entry{name: "x/" + designer.ManifestFile, data: mb}), ErrCorrupt},
		{"listed file missing", craftBundle(t, files, pe), ErrCorrupt},
		{"same name twice", craftBundle(t, files, pe, page, page), ErrCorrupt},
		{"other bytes, same size", craftBundle(t, files, pe, entry{name: page.name, data: []byte("<p>Hoj</p>")}), ErrCorrupt},
		{"shorter than listed", craftBundle(t, files, pe, entry{name: page.name, data: []byte("<p>")}), ErrCorrupt},
		{"unclean path", craftZip(t, pe, entry{name: "steps/../" + page.name, data: page.data}, entry{name: designer.ManifestFile, data: mb}), ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, _, err := ReadZip(bytes.NewReader(tt.zip), int64(len(tt.zip)))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if string(b.Files[page.name]) != string(page.data) || !strings.HasPrefix(b.Name, "p@1.2+") {
					t.Errorf("read %s %q", b.Name, b.Files[page.name])
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

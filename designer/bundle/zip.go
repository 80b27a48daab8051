package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// zipTime is the modification time of every file in a bundle's zip, so
// that the same bundle always zips to the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// MaxZipSize bounds the total size of the files a bundle's zip may hold,
// as its manifest lists them.
const MaxZipSize = 1 << 30

// Further bounds of ReadZip against archives built to exhaust memory.
const (
	// maxZipEntries bounds the entries of a zip, folders included.
	maxZipEntries = 10000
	// maxManifestSize bounds manifest.json; a manifest of maxZipEntries
	// files needs about 2 MiB.
	maxManifestSize = 4 << 20
	// maxZipRatio bounds how many times its own size a zip may unpack to,
	// beyond zipRatioSlack. A bundle's pages compress about 5 times and
	// its media hardly at all; a run of zeros compresses 1000 times.
	maxZipRatio   = 100
	zipRatioSlack = 1 << 20
)

// WriteZip writes the bundle as a zip archive whose files lie in one
// folder named after the bundle, as WriteDir lays them out. The same bundle
// always gives the same bytes.
func (b *Bundle) WriteZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		h := &zip.FileHeader{Name: b.Name + "/" + name, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(0o644)
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	for _, f := range b.Manifest.Files {
		if err := add(f.Path, b.Files[f.Path]); err != nil {
			return fmt.Errorf("zip bundle %s: %w", b.Name, err)
		}
	}
	if err := add(designer.ManifestFile, ManifestBytes(b.Manifest)); err != nil {
		return fmt.Errorf("zip bundle %s: %w", b.Name, err)
	}
	if b.Signature != nil {
		if err := add(designer.SignatureFile, b.Signature); err != nil {
			return fmt.Errorf("zip bundle %s: %w", b.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip bundle %s: %w", b.Name, err)
	}
	return nil
}

// ReadZip reads a bundle from a zip archive made by WriteZip (or by zipping
// a bundle folder), verifies every file against the manifest, and returns
// the bundle with the manifest's exact bytes. The files may lie at the top
// of the archive or in one folder, which must then be named after the bundle.
//
// The archive is not trusted: ReadZip reads the manifest first, refuses
// before unpacking anything an archive with entries the manifest does not
// list or whose size differs from it, or that would unpack to more than
// MaxZipSize or to many times its own size, and hashes each file as it
// unpacks, stopping at the size the manifest gives.
func ReadZip(r io.ReaderAt, size int64) (*Bundle, []byte, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: %w", err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, nil, fmt.Errorf("read bundle zip: it holds %d entries, more than %d", len(zr.File), maxZipEntries)
	}
	mf, top, err := findManifest(zr.File)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: %w", err)
	}
	if mf.UncompressedSize64 > maxManifestSize {
		return nil, nil, fmt.Errorf("read bundle zip: %s is larger than %d MiB", designer.ManifestFile, maxManifestSize>>20)
	}
	manifest, err := unpack(mf, int64(mf.UncompressedSize64), "")
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: %w", err)
	}
	var m designer.Manifest
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: manifest: %w", err)
	}
	listed := make(map[string]designer.BundleFile, len(m.Files))
	var total int64
	for _, f := range m.Files {
		if !fs.ValidPath(f.Path) || path.Clean(f.Path) != f.Path || f.Path == designer.ManifestFile || f.Path == designer.SignatureFile {
			return nil, nil, fmt.Errorf("read bundle zip: manifest lists %q, which is not a clean relative path: %w", f.Path, ErrCorrupt)
		}
		if _, ok := listed[f.Path]; ok {
			return nil, nil, fmt.Errorf("read bundle zip: manifest lists %s twice: %w", f.Path, ErrCorrupt)
		}
		if f.Size < 0 || f.Size > MaxZipSize-total {
			return nil, nil, fmt.Errorf("read bundle zip: it unpacks to more than %d MiB", MaxZipSize>>20)
		}
		total += f.Size
		listed[f.Path] = f
	}
	if total > maxZipRatio*size+zipRatioSlack {
		return nil, nil, fmt.Errorf("read bundle zip: %d bytes unpack to %d, more than %d times as many", size, total, maxZipRatio)
	}
	entries := make(map[string]*zip.File, len(listed))
	var sigFile *zip.File
	for _, f := range zr.File {
		if f == mf || f.FileInfo().IsDir() {
			continue
		}
		name := f.Name
		if top != "" {
			var ok bool
			if name, ok = strings.CutPrefix(name, top+"/"); !ok {
				return nil, nil, fmt.Errorf("read bundle zip: %s lies outside the bundle's folder %s: %w", f.Name, top, ErrCorrupt)
			}
		}
		want, ok := listed[name]
		switch {
		case name == designer.SignatureFile && sigFile != nil:
			return nil, nil, fmt.Errorf("read bundle zip: it holds %s twice: %w", f.Name, ErrCorrupt)
		case name == designer.SignatureFile:
			if f.UncompressedSize64 > maxSignatureSize {
				return nil, nil, fmt.Errorf("read bundle zip: %s is larger than %d bytes: %w", f.Name, maxSignatureSize, ErrCorrupt)
			}
			sigFile = f
			continue
		case !ok:
			return nil, nil, fmt.Errorf("read bundle zip: it holds %q, which the manifest does not list: %w", f.Name, ErrCorrupt)
		case entries[name] != nil:
			return nil, nil, fmt.Errorf("read bundle zip: it holds %s twice: %w", f.Name, ErrCorrupt)
		case f.UncompressedSize64 != uint64(want.Size):
			return nil, nil, fmt.Errorf("read bundle zip: %s unpacks to %d bytes, the manifest says %d: %w", f.Name, f.UncompressedSize64, want.Size, ErrCorrupt)
		}
		entries[name] = f
	}
	files := make(map[string][]byte, len(entries))
	for _, want := range m.Files {
		f, ok := entries[want.Path]
		if !ok {
			return nil, nil, fmt.Errorf("read bundle zip: %s is missing: %w", want.Path, ErrCorrupt)
		}
		if files[want.Path], err = unpack(f, want.Size, want.SHA256); err != nil {
			return nil, nil, fmt.Errorf("read bundle zip: %w", err)
		}
	}
	b, err := FromFiles(files, manifest)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: %w", err)
	}
	if sigFile != nil {
		if b.Signature, err = unpack(sigFile, int64(sigFile.UncompressedSize64), ""); err != nil {
			return nil, nil, fmt.Errorf("read bundle zip: %w", err)
		}
	}
	if top != "" && top != b.Name {
		return nil, nil, fmt.Errorf("read bundle zip: the folder %s does not match the bundle's content (%s): %w", top, b.Name, ErrCorrupt)
	}
	return b, manifest, nil
}

// findManifest returns the one manifest.json at the top of the archive or
// in a folder there, and that folder's name.
func findManifest(files []*zip.File) (*zip.File, string, error) {
	var mf *zip.File
	top := ""
	for _, f := range files {
		dir, base := path.Split(f.Name)
		if base != designer.ManifestFile || strings.Count(dir, "/") > 1 || f.FileInfo().IsDir() {
			continue
		}
		if mf != nil {
			return nil, "", fmt.Errorf("it holds both %s and %s: %w", mf.Name, f.Name, ErrCorrupt)
		}
		mf, top = f, strings.TrimSuffix(dir, "/")
	}
	if mf == nil {
		return nil, "", fmt.Errorf("no %s: %w", designer.ManifestFile, ErrCorrupt)
	}
	return mf, top, nil
}

// unpack reads f, which must unpack to exactly size bytes and, unless
// sha256 is "", hash to it. It reads no more than size bytes and one.
func unpack(f *zip.File, size int64, sha string) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	h := sha256.New()
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	// Reading past size meets the end, where archive/zip checks the CRC.
	n, err := io.Copy(io.MultiWriter(buf, h), io.LimitReader(rc, size+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if n != size {
		return nil, fmt.Errorf("%s unpacks to other than the %d bytes listed: %w", f.Name, size, ErrCorrupt)
	}
	if sha != "" && hex.EncodeToString(h.Sum(nil)) != sha {
		return nil, fmt.Errorf("%s: %w", f.Name, ErrCorrupt)
	}
	return buf.Bytes(), nil
}

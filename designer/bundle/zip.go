package bundle

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// zipTime is the modification time of every file in a bundle's zip, so
// that the same bundle always zips to the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// MaxZipSize bounds what ReadZip unpacks, against archives that expand
// without end.
const MaxZipSize = 1 << 30

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
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip bundle %s: %w", b.Name, err)
	}
	return nil
}

// ReadZip reads a bundle from a zip archive made by WriteZip (or by zipping
// a bundle folder), verifies every file against the manifest, and returns
// the bundle with the manifest's exact bytes. The files may lie at the top
// of the archive or in one folder, which must then be named after the bundle.
func ReadZip(r io.ReaderAt, size int64) (*Bundle, []byte, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: %w", err)
	}
	files := make(map[string][]byte, len(zr.File))
	var total int64
	top := ""
	for i, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		dir, _, _ := strings.Cut(f.Name, "/")
		if i == 0 || top == "" {
			if strings.Contains(f.Name, "/") {
				top = dir
			}
		}
		name := f.Name
		if top != "" {
			if !strings.HasPrefix(name, top+"/") {
				return nil, nil, fmt.Errorf("read bundle zip: %s lies outside the bundle's folder %s: %w", f.Name, top, ErrCorrupt)
			}
			name = strings.TrimPrefix(name, top+"/")
		}
		if name == "" || path.Clean(name) != name || strings.HasPrefix(name, "../") || strings.HasPrefix(name, "/") {
			return nil, nil, fmt.Errorf("read bundle zip: %q is not a clean relative path: %w", f.Name, ErrCorrupt)
		}
		total += int64(f.UncompressedSize64)
		if total > MaxZipSize {
			return nil, nil, fmt.Errorf("read bundle zip: it unpacks to more than %d MiB", MaxZipSize>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, fmt.Errorf("read bundle zip: %s: %w", f.Name, err)
		}
		var buf bytes.Buffer
		_, err = io.Copy(&buf, io.LimitReader(rc, MaxZipSize+1))
		rc.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("read bundle zip: %s: %w", f.Name, err)
		}
		files[name] = buf.Bytes()
	}
	manifest, ok := files[designer.ManifestFile]
	if !ok {
		return nil, nil, fmt.Errorf("read bundle zip: no %s: %w", designer.ManifestFile, ErrCorrupt)
	}
	delete(files, designer.ManifestFile)
	b, err := FromFiles(files, manifest)
	if err != nil {
		return nil, nil, fmt.Errorf("read bundle zip: %w", err)
	}
	if len(files) != len(b.Manifest.Files) {
		return nil, nil, fmt.Errorf("read bundle zip: it holds files the manifest does not list: %w", ErrCorrupt)
	}
	if top != "" && top != b.Name {
		return nil, nil, fmt.Errorf("read bundle zip: the folder %s does not match the bundle's content (%s): %w", top, b.Name, ErrCorrupt)
	}
	return b, manifest, nil
}

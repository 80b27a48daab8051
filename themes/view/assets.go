package view

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Assets serves the files of static/ at URLs that carry a hash of their
// content, so browsers may keep them for a year: a changed file gets a new URL.
type Assets struct {
	prefix string
	urls   map[string]string // name → URL
	files  map[string]asset  // file name in the URL → content
}

type asset struct {
	body  []byte
	ctype string
}

// NewAssets reads every file under dir in fsys. prefix is the URL path the
// handler is mounted at, e.g. "/static/".
func NewAssets(fsys fs.FS, dir, prefix string) (*Assets, error) {
	a := &Assets{prefix: prefix, urls: map[string]string{}, files: map[string]asset{}}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, dir+"/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.urls[name] = prefix + hashed
		a.files[hashed] = asset{body: b, ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read assets: %w", err)
	}
	return a, nil
}

// URL returns the content-hash URL of a static file, e.g. "app.css". It
// panics on an unknown name, which the template check at start-up finds.
func (a *Assets) URL(name string) string {
	u, ok := a.urls[name]
	if !ok {
		panic(fmt.Sprintf("unknown asset %q", name))
	}
	return u
}

// ServeHTTP serves an asset by its hashed name below the prefix.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[strings.TrimPrefix(r.URL.Path, a.prefix)]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
}

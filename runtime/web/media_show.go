package web

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
)

// showMedia serves a media file of the enrolment's bundle. Names carry a
// hash of the content, so the browser may keep them; range requests let a
// video be scrubbed.
func (s *Server) showMedia(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	file := chi.URLParam(r, "file")
	if file == "" || strings.ContainsAny(file, "/\\") || strings.HasPrefix(file, ".") {
		s.fail(w, r, errNotFound)
		return
	}
	s.serveBundleFile(w, r, l.E.Bundle, l.Program, "media/"+file)
}

// showBundlePDF serves a printable PDF of the bundle (a module, a step or a
// blank form) when the program offers PDFs.
func (s *Server) showBundlePDF(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	rest := chi.URLParam(r, "*")
	p := path.Clean("pdf/" + rest)
	if !l.Program.Has(designer.FeaturePDF) || !strings.HasPrefix(p, "pdf/") || path.Ext(p) != ".pdf" {
		s.fail(w, r, errNotFound)
		return
	}
	s.serveBundleFile(w, r, l.E.Bundle, l.Program, p)
}

func (s *Server) serveBundleFile(w http.ResponseWriter, r *http.Request, bundle string, p *designer.Program, file string) {
	b, err := s.store.BundleFile(r.Context(), bundle, file)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctype := ""
	if m, ok := p.MediaFile(file); ok {
		ctype = m.Type
	}
	if ctype == "" {
		ctype = mime.TypeByExtension(path.Ext(file))
	}
	if path.Ext(file) == ".vtt" {
		ctype = "text/vtt; charset=utf-8"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	if path.Ext(file) == ".pdf" {
		w.Header().Set("Content-Disposition", `inline; filename="`+path.Base(file)+`"`)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

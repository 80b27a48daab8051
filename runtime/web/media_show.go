package web

import (
	"bytes"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
)

// mediaSecurity is the Content-Security-Policy of a media file: a
// sandboxed document that may show itself and load nothing else, so that
// an SVG, or a file in disguise, runs no script in the citizen's session
// even when opened on its own.
const mediaSecurity = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"

// pdfSecurity is the policy of a PDF in media/. A sandbox would stop the
// browsers' PDF viewers (Chrome, Safari) from showing it at all; they run
// a PDF's own script apart from the site, and nosniff with the fixed type
// keeps a page in disguise from being read as HTML.
const pdfSecurity = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"

// showMedia serves a media file of the enrolment's bundle. Only the kinds
// designer.MediaType allows are served, with the type their extension
// gives, whatever the bundle says; anything else is not found. Names
// carry a hash of the content, so the browser may keep them; range
// requests let a video be scrubbed.
func (s *Server) showMedia(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	file := chi.URLParam(r, "file")
	ctype, ok := designer.MediaType(file)
	if !ok || strings.ContainsAny(file, "/\\") || strings.HasPrefix(file, ".") {
		s.fail(w, r, errNotFound)
		return
	}
	csp := mediaSecurity
	if ctype == "application/pdf" {
		csp = pdfSecurity
	}
	s.serveBundleFile(w, r, l.E.Bundle, "media/"+file, ctype, csp)
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
	s.serveBundleFile(w, r, l.E.Bundle, p, "application/pdf", "")
}

// serveBundleFile serves a file of a bundle as ctype; csp, if set,
// replaces the site's Content-Security-Policy for it (an error page keeps
// the site's).
func (s *Server) serveBundleFile(w http.ResponseWriter, r *http.Request, bundle, file, ctype, csp string) {
	b, err := s.store.BundleFile(r.Context(), bundle, file)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	if csp != "" {
		h.Set("Content-Security-Policy", csp)
	}
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=86400")
	if ctype == "application/pdf" {
		h.Set("Content-Disposition", `inline; filename="`+path.Base(file)+`"`)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// The latest published version of a program, read-only and open to all:
// its program.json and manifest.json hold the program as designed (texts,
// questions, rules) and no one's answers, and they let the designer's
// `stegvis build --previous URL` check a new version against it.
const (
	publishedProgramURL  = "/published/{program}/" + designer.ProgramFile
	publishedManifestURL = "/published/{program}/" + designer.ManifestFile
)

// showPublished serves file of the latest published bundle of the program
// in the URL.
func (s *Server) showPublished(file string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pub, err := runtime.LatestPublication(r.Context(), s.store, chi.URLParam(r, "program"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		b, err := s.store.BundleFile(r.Context(), pub.Bundle, file)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Stegvis-Bundle", pub.Bundle)
		w.Write(b)
	}
}

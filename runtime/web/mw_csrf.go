package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/themes/view"
)

// maxForm bounds a posted form; the longest answers fit many times over.
const maxForm = 1 << 20

// maxUpload bounds a posted file (a bundle's zip); maxUploadMemory is how
// much of it is held in memory, the rest goes to a temporary file.
const (
	maxUpload       = 512 << 20
	maxUploadMemory = 32 << 20
)

// checkCSRF refuses every POST whose token does not match the session's.
// The token is a random value per session, posted in a hidden field of
// every form (or the X-CSRF-Token header). It stands beside Go's
// CrossOriginProtection, which refuses cross-origin posts by their Fetch
// metadata headers, for browsers that send none.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		var err error
		multipart := strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
		if multipart {
			r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
			err = r.ParseMultipartForm(maxUploadMemory)
		} else {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			err = r.ParseForm()
		}
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				s.fail(w, r, errTooLarge.with(err))
				return
			}
			s.fail(w, r, errBadRequest.with(err))
			return
		}
		if multipart {
			// Files go to temporary files past maxUploadMemory; remove
			// them when the request is done.
			defer r.MultipartForm.RemoveAll()
		}
		token := r.PostForm.Get(view.CSRFField)
		if token == "" {
			token = r.Header.Get("X-CSRF-Token")
		}
		if !sessionFrom(r.Context()).validCSRF(token) {
			s.fail(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r)
	})
}

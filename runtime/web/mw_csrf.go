package web

import (
	"errors"
	"mime"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime/web/auth"
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

// uploadRoutes are the route patterns that take multipart bodies: only
// staff upload, and only bundles. Every other POST takes a form, or no body.
var uploadRoutes = map[string]bool{
	"/u/{unit}/" + areaPrograms + "/publish": true,
}

var errUnsupported = &webError{http.StatusUnsupportedMediaType, "E415", "web.error.unsupported_type", nil}

// checkCSRF refuses every POST whose token does not match the session's.
// The token is a random value per session, posted in a hidden field of
// every form (or the X-CSRF-Token header). It stands beside Go's
// CrossOriginProtection, which refuses cross-origin posts by their Fetch
// metadata headers, for browsers that send none.
//
// It reads no body before it knows the request may have one: a browser
// without a session, a body over the route's limit (by its stated length)
// or a body of a type the route does not take is refused unread.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		ss := sessionFrom(r.Context())
		if !ss.stored {
			// No token can match: the session was never given one.
			s.fail(w, r, errCSRF)
			return
		}
		multipart, err := s.readBody(w, r, ss)
		if err != nil {
			s.fail(w, r, err)
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
		if !ss.validCSRF(token) {
			s.fail(w, r, errCSRF)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readBody parses a posted body within its route's limit: a form of at
// most maxForm bytes anywhere, a multipart body of at most maxUpload bytes
// from staff on an upload route. It reports whether the body was multipart.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, ss *session) (multipart bool, err error) {
	limit := int64(maxForm)
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ctype {
	case "application/x-www-form-urlencoded":
	case "":
		if r.ContentLength != 0 {
			return false, errUnsupported
		}
	case "multipart/form-data":
		rctx := chi.RouteContext(r.Context())
		if rctx == nil || !uploadRoutes[rctx.Routes.Find(chi.NewRouteContext(), r.Method, r.URL.Path)] {
			return false, errUnsupported
		}
		if ss.Kind != auth.Staff {
			return false, errForbidden
		}
		limit, multipart = maxUpload, true
	default:
		return false, errUnsupported
	}
	if r.ContentLength > limit {
		return false, errTooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if multipart {
		err = r.ParseMultipartForm(maxUploadMemory)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return false, errTooLarge.with(err)
		}
		return false, errBadRequest.with(err)
	}
	return multipart, nil
}

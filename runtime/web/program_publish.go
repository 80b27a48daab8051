package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime/publish"
)

// The errors of publishing a bundle from the programs page.
var (
	errNotBundle    = &webError{http.StatusUnprocessableEntity, "E422-BUNDLE", "web.error.not_bundle", nil}
	errVersionTaken = &webError{http.StatusConflict, "E409-VERSION", "web.error.version_taken", nil}
)

// publishBundle publishes an uploaded bundle: the zip that `stegvis build
// --zip` writes. Every file is checked against the bundle's manifest, and a
// version already published with other content is refused, so what units
// can activate is exactly what the designer built.
func (s *Server) publishBundle(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	f, hdr, err := r.FormFile("bundle")
	if err != nil {
		s.fail(w, r, errNotBundle.with(err))
		return
	}
	defer f.Close()
	by := userFrom(r.Context()).ID
	pub, err := publish.Zip(r.Context(), s.store, f, hdr.Size, by, s.now())
	switch {
	case errors.Is(err, publish.ErrVersionTaken):
		s.fail(w, r, errVersionTaken.with(err))
		return
	case errors.Is(err, publish.ErrNotBundle):
		s.fail(w, r, errNotBundle.with(err))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "bundle published", "unit", unit.ID, "bundle", pub.Bundle, "by", by, "file", hdr.Filename)
	s.setFlash(w, r, "web.flash.published", pub.Program, pub.Version)
	redirect(w, r, areaURL(unit.ID, areaPrograms))
}

package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/themes/view"
)

// errImportRefused is the error of a refused import; its message is the
// reason the import gives.
var errImportRefused = &webError{http.StatusUnprocessableEntity, "E422-IMPORT", "regions.programs.import.refused", nil}

// errActivationRefused is the error of activating an imported version
// that no longer verifies as the store holds it.
var errActivationRefused = &webError{http.StatusUnprocessableEntity, "E422-IMPORT", "regions.programs.activate_refused", nil}

// importTimeout bounds an import: fetching a bundle from another region
// takes longer than a page.
const importTimeout = 2 * time.Minute

// importProgram imports a version from a trusted publisher's catalogue:
// the bundle is fetched, checked against the catalogue, every file against
// its manifest and the manifest's signature against the trusted key, and
// published with its provenance, so that it can then be activated. A
// version already published here is not fetched again, so a form posted
// twice imports once. A refusal shows the page again with the reason.
func (s *Server) importProgram(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	fingerprint, bundle := r.PostFormValue("publisher"), r.PostFormValue("bundle")
	if pub, ok := s.publicationOf(r, bundle); ok && pub.Provenance != nil && pub.Provenance.Fingerprint == fingerprint {
		s.setFlash(w, r, "regions.flash.imported", pub.Program, pub.Version, pub.Provenance.Publisher)
		redirect(w, r, areaURL(unit.ID, areaPrograms))
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), importTimeout)
	defer cancel()
	by := userFrom(r.Context()).ID
	pub, err := s.importer.Import(ctx, fingerprint, bundle, unit.ID, by, s.now())
	var refused *publish.ImportError
	switch {
	case errors.As(err, &refused):
		s.refuseImport(w, r, refused)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "bundle imported", "unit", unit.ID, "bundle", pub.Bundle, "by", by,
		"publisher", pub.Provenance.Publisher, "fingerprint", pub.Provenance.Fingerprint, "catalogue", pub.Provenance.Catalogue)
	s.setFlash(w, r, "regions.flash.imported", pub.Program, pub.Version, pub.Provenance.Publisher)
	redirect(w, r, areaURL(unit.ID, areaPrograms))
}

// publicationOf returns the publication of a bundle.
func (s *Server) publicationOf(r *http.Request, bundle string) (runtime.Publication, bool) {
	pubs, err := s.store.Publications(r.Context())
	if err != nil {
		return runtime.Publication{}, false
	}
	for _, p := range pubs {
		if p.Bundle == bundle {
			return p, true
		}
	}
	return runtime.Publication{}, false
}

// refuseImport answers a refused import with the page of shared programs
// and the reason, in the admin's language.
func (s *Server) refuseImport(w http.ResponseWriter, r *http.Request, refused *publish.ImportError) {
	we := errImportRefused.with(refused)
	if wantsJSON(r) {
		s.fail(w, r, we)
		return
	}
	reqID := middleware.GetReqID(r.Context())
	s.log.InfoContext(r.Context(), "import refused", "code", we.code, "err", refused, "path", r.URL.Path, "req", reqID)
	data, err := s.sharedData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cat := s.cat(r)
	data.ImportError = &view.ErrorData{Status: we.status, Code: we.code, Message: refused.Text(cat.Lang), Ref: reqID}
	s.render(w, r, we.status, "admin_shared", cat.T("regions.programs.import.title"), data)
}

// refuseActivation answers the activation of an imported version that no
// longer verifies in the store with the programs page and the reason.
func (s *Server) refuseActivation(w http.ResponseWriter, r *http.Request, refused *publish.ImportError) {
	s.refusePublish(w, r, errActivationRefused.with(refused), refused.Text(s.cat(r).Lang))
}

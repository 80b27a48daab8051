package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/themes/view"
)

// The errors of publishing a bundle from the programs page.
var (
	errNotBundle    = &webError{http.StatusUnprocessableEntity, "E422-BUNDLE", "web.error.not_bundle", nil}
	errBadProgram   = &webError{http.StatusUnprocessableEntity, "E422-PROGRAM", "web.error.bad_program", nil}
	errVersionTaken = &webError{http.StatusConflict, "E409-VERSION", "web.error.version_taken", nil}
	errNotPublisher = &webError{http.StatusForbidden, "E403-PUBLISHER", "web.error.not_publisher", nil}
)

// publishBundle publishes an uploaded bundle: the zip that `stegvis build
// --zip` writes. Every file is checked against the bundle's manifest and
// program.json against the rules of a built program; a version already
// published with other content is refused, and so is a program that
// another unit, or the operator, published first. What units can activate
// is exactly what its designer built. A refusal shows the programs page
// again with the reason.
func (s *Server) publishBundle(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	f, hdr, err := r.FormFile("bundle")
	if err != nil {
		s.refusePublish(w, r, errNotBundle.with(err), "")
		return
	}
	defer f.Close()
	by := userFrom(r.Context()).ID
	pub, err := publish.Upload(r.Context(), s.store, f, hdr.Size, unit.ID, by, s.now())
	var problem *publish.Problem
	switch {
	case errors.As(err, &problem):
		s.refusePublish(w, r, errBadProgram.with(err), problem.Text(s.cat(r).Lang))
		return
	case errors.Is(err, publish.ErrVersionTaken):
		s.refusePublish(w, r, errVersionTaken.with(err), "")
		return
	case errors.Is(err, publish.ErrNotPublisher):
		s.refusePublish(w, r, errNotPublisher.with(err), "")
		return
	case errors.Is(err, publish.ErrNotBundle):
		s.refusePublish(w, r, errNotBundle.with(err), "")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "bundle published", "unit", unit.ID, "bundle", pub.Bundle, "by", by, "file", hdr.Filename)
	s.setFlash(w, r, "web.flash.published", pub.Program, pub.Version)
	redirect(w, r, areaURL(unit.ID, areaPrograms))
}

// refusePublish answers a refused upload with the programs page and the
// reason above the upload form; detail, when set, is put into the
// reason's text.
func (s *Server) refusePublish(w http.ResponseWriter, r *http.Request, we *webError, detail string) {
	if wantsJSON(r) {
		s.fail(w, r, we)
		return
	}
	data, err := s.programsData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reqID := middleware.GetReqID(r.Context())
	s.log.InfoContext(r.Context(), "request refused", "code", we.code, "err", we.err, "path", r.URL.Path, "req", reqID)
	cat := s.cat(r)
	msg := cat.T(we.key)
	if detail != "" {
		msg = cat.T(we.key, detail)
	}
	data.PublishError = &view.ErrorData{Status: we.status, Code: we.code, Message: msg, Ref: reqID}
	s.render(w, r, we.status, "admin_programs", cat.T("web.title.programs"), data)
}

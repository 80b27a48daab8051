package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The unit's video service ("Videomöten"), for its unit admins: the URL
// template of an external service that video meetings open in
// (runtime.SetVideoService). stegvis stores no video and runs no video
// service; the page says so.

// exampleRoom is the room the page shows an example address with.
const exampleRoom = "0123456789abcdef0123456789abcdef"

// showVideoSettings shows the unit's template and the form that sets it.
func (s *Server) showVideoSettings(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	s.renderVideoSettings(w, r, http.StatusOK, unit, unit.Video, "")
}

// renderVideoSettings renders the page with typed in the form and, when
// it was refused, why.
func (s *Server) renderVideoSettings(w http.ResponseWriter, r *http.Request, status int, unit runtime.Unit, typed, refused string) {
	data := &view.VideoSettingsData{Action: areaURL(unit.ID, areaVideo), Template: typed, Error: refused,
		Connected: unit.Video != "", Max: runtime.MaxVideoTemplate}
	if unit.Video != "" {
		data.Example, _ = runtime.VideoURL(unit.Video, exampleRoom)
	}
	s.render(w, r, status, "staff_video", s.cat(r).T("video.settings.title"), data)
}

// saveVideoSettings sets the posted template; an empty one disconnects
// the service. A refused template is shown again with its reason.
func (s *Server) saveVideoSettings(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	typed := r.PostFormValue("template")
	u, err := runtime.SetVideoService(r.Context(), s.store, userFrom(r.Context()).Staff, unit.ID, typed)
	var fe runtime.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderVideoSettings(w, r, http.StatusUnprocessableEntity, unit, typed, s.cat(r).T("video.error.template."+fe.Field("template")))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "video service set", "unit", unit.ID, "template", u.Video, "by", userFrom(r.Context()).ID)
	if u.Video == "" {
		s.setFlash(w, r, "video.flash.none")
	} else {
		s.setFlash(w, r, "video.flash.set")
	}
	redirect(w, r, areaURL(unit.ID, areaVideo))
}

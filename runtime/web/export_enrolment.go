package web

import (
	"bytes"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/export"
)

// exportEnrolment sends a data admin an enrolment's export as a download:
// "json" its state and log, "csv" one row per answer, "fhir" its forms and
// answers as a FHIR R4 Bundle. Each export is logged with who took it.
func (s *Server) exportEnrolment(w http.ResponseWriter, r *http.Request) {
	l, unit := enrolmentFrom(r.Context()), unitFrom(r.Context())
	e := l.E
	var b bytes.Buffer
	var err error
	ctype, ext := "application/json; charset=utf-8", "json"
	switch format := chi.URLParam(r, "format"); format {
	case "json":
		var evs []runtime.Event
		if evs, err = s.svc.Store.Events(r.Context(), e.ID, 0); err == nil {
			err = export.JSON(&b, e, evs, s.now())
		}
	case "csv":
		ctype, ext = "text/csv; charset=utf-8", "csv"
		err = export.CSV(&b, e)
	case "fhir":
		ctype, ext = "application/fhir+json; charset=utf-8", "fhir.json"
		err = export.FHIR(&b, e, l.Program, s.now())
	default:
		s.fail(w, r, errNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userFrom(r.Context())
	s.log.InfoContext(r.Context(), "enrolment exported", "enrolment", e.ID, "unit", unit.ID, "by", u.ID, "format", ext)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="stegvis-`+e.ID+"."+ext+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

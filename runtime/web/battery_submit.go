package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
)

// submitBattery takes a form of the battery due, tied to its occasion,
// and raises the form's flags as a step's form does. Then it goes on to
// the next form left of the battery or, when none is, back to the
// overview, where the content is open again.
func (s *Server) submitBattery(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	f, o, ok := s.batteryForm(w, r, l)
	if !ok {
		return
	}
	answers := formdata.Decode(f, r.PostForm)
	if errs := formdata.Validate(f, answers); len(errs) > 0 {
		s.renderBattery(w, r, l, o, f, answers, errs, http.StatusUnprocessableEntity)
		return
	}
	answers = formdata.Clean(f, answers)
	e, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r),
		runtime.SubmitBattery(l.Program, o.Battery, f.ID, answers, s.now()))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if next, left := e.BatteryDue(l.Program, s.now()); next != nil {
		redirect(w, r, batteryURL(e, next.Battery, left[0]))
		return
	}
	s.setFlash(w, r, "web.battery.done")
	redirect(w, r, overviewURL(e))
}

package web

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showBattery shows a form of the battery due, to fill in. A battery, or
// a form of it, that is not due (filled meanwhile, or superseded) sends
// the citizen to the overview, which says what is due.
func (s *Server) showBattery(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	f, o, ok := s.batteryForm(w, r, l)
	if !ok {
		return
	}
	s.renderBattery(w, r, l, o, f, nil, nil, http.StatusOK)
}

// batteryForm returns the form of the URL when it is one left of the
// battery due now, or answers the request: the overview when it is not.
func (s *Server) batteryForm(w http.ResponseWriter, r *http.Request, l *loaded) (*designer.Form, *runtime.BatteryOccasion, bool) {
	battery, form := chi.URLParam(r, "battery"), chi.URLParam(r, "form")
	if err := l.E.CheckWrite(); err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	o, left := l.E.BatteryDue(l.Program, s.now())
	if o == nil || o.Battery != battery || !slices.Contains(left, form) {
		redirect(w, r, overviewURL(l.E))
		return nil, nil, false
	}
	f, ok := l.Program.Form(form)
	if !ok {
		s.fail(w, r, errNotFound)
		return nil, nil, false
	}
	return f, o, true
}

// renderBattery renders a battery's form with answers and errors.
func (s *Server) renderBattery(w http.ResponseWriter, r *http.Request, l *loaded, o *runtime.BatteryOccasion, f *designer.Form, answers formdata.Answers, errs formdata.Errors, status int) {
	cat := s.cat(r)
	fv := view.NewForm(f, answers, errs, cat.T)
	fv.Action = batteryURL(l.E, o.Battery, f.ID)
	fv.CSRF = sessionFrom(r.Context()).CSRF
	bv := &view.BatteryView{
		ProgramTitle: l.Program.Title, Title: o.Title,
		Num: slices.Index(o.Forms, f.ID) + 1, Of: len(o.Forms),
		Form: fv, Back: overviewURL(l.E), Tabs: s.tabs(r, l, ""),
	}
	s.render(w, r, status, "citizen_battery", o.Title, bv)
}

// batteryNotice is what the overview says while a battery is due: why the
// content waits, and a link to the first form left.
func (s *Server) batteryNotice(r *http.Request, e *runtime.Enrolment, p *designer.Program) *view.BatteryNotice {
	o, left := e.BatteryDue(p, s.now())
	if o == nil {
		return nil
	}
	cat := s.cat(r)
	return &view.BatteryNotice{
		Title: o.Title, Text: cat.T("web.battery.closed"),
		Href: batteryURL(e, o.Battery, left[0]), Label: cat.T("web.battery.start"),
	}
}

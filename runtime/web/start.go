package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime"
)

// startEnrolment starts a program for a citizen, by personal identity
// number, on the bundle active on the unit. A clinician becomes the
// responsible clinician; a citizen admin may pick another.
func (s *Server) startEnrolment(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	u, unit := userFrom(r.Context()), unitFrom(r.Context())
	data, err := s.startData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.PNR = strings.TrimSpace(r.PostFormValue("pnr"))
	data.Name = strings.TrimSpace(r.PostFormValue("name"))
	data.Program = r.PostFormValue("program")
	errs := map[string]string{}

	pnr, err := runtime.ParsePnr(data.PNR, s.now())
	switch {
	case errors.Is(err, runtime.ErrPnrFormat):
		errs["pnr"] = cat.T("web.start.error.pnr_format")
	case err != nil:
		errs["pnr"] = cat.T("web.start.error.pnr")
	}
	if err == nil && data.Name == "" {
		if c, err := s.store.Citizen(r.Context(), pnr); err == nil {
			data.Name = c.Name
		}
	}
	if err := runtime.CheckCitizenName(data.Name); errors.Is(err, runtime.ErrTooLong) {
		errs["name"] = cat.T("web.start.error.name_too_long", runtime.MaxCitizenName)
	} else if err != nil {
		errs["name"] = cat.T("web.start.error.name")
	}
	var act runtime.Activation
	found := false
	for i := range data.Programs {
		if data.Programs[i].Value == data.Program {
			data.Programs[i].Checked, found = true, true
		} else {
			data.Programs[i].Checked = false
		}
	}
	if found {
		act, err = s.store.Activation(r.Context(), unit.ID, data.Program)
		found = err == nil
	}
	if !found {
		errs["program"] = cat.T("web.start.error.program")
	}
	clinician := u.ID
	if data.Clinicians != nil {
		clinician = r.PostFormValue("clinician")
		ok := false
		for i := range data.Clinicians {
			data.Clinicians[i].Checked = data.Clinicians[i].Value == clinician
			ok = ok || data.Clinicians[i].Checked
		}
		if !ok {
			errs["clinician"] = cat.T("web.start.error.clinician")
		}
	} else if !hasAny(u.Staff.Roles[unit.ID], runtime.RoleClinician) {
		s.fail(w, r, errForbidden)
		return
	}
	if len(errs) > 0 {
		data.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, "staff_start", cat.T("web.title.start"), data)
		return
	}

	p, err := s.bundles.program(r.Context(), act.Bundle)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.store.Citizen(r.Context(), pnr); errors.Is(err, runtime.ErrNotFound) {
		if err := s.store.PutCitizen(r.Context(), runtime.Citizen{PNR: pnr, Name: data.Name}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	e, err := s.svc.Start(r.Context(), runtime.StartInput{
		Program: p, Bundle: act.Bundle, Unit: unit.ID, Citizen: pnr, CitizenName: data.Name,
		Clinician: clinician, Actor: s.staffActor(r), Key: commandKey(r),
	})
	if errors.Is(err, runtime.ErrExists) {
		data.Errors = map[string]string{"pnr": cat.T("web.start.error.exists", p.Title)}
		s.render(w, r, http.StatusConflict, "staff_start", cat.T("web.title.start"), data)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "enrolment started", "enrolment", e.ID, "bundle", e.Bundle, "unit", unit.ID)
	s.setFlash(w, r, "web.flash.started", data.Name)
	redirect(w, r, enrolmentURL(unit.ID, e.ID))
}

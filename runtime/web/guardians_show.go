package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showGuardians lists the guardians of the enrolment's citizen, for a
// clinician or citizen admin to set.
func (s *Server) showGuardians(w http.ResponseWriter, r *http.Request) {
	data, err := s.guardiansData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "guardians", s.cat(r).T("people.guardians.title", data.Child), data)
}

func (s *Server) guardiansData(r *http.Request) (*view.GuardiansData, error) {
	e, unit := enrolmentFrom(r.Context()).E, unitFrom(r.Context())
	name, pnr := s.citizenIdentity(r, e)
	data := &view.GuardiansData{Child: name, PNR: pnr, Action: guardiansURL(unit.ID, e.ID), Back: enrolmentURL(unit.ID, e.ID)}
	gs, err := s.store.Guardians(r.Context(), e.Citizen)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		return nil, err
	}
	for _, g := range gs {
		label := runtime.FormatPnr(g)
		if c, err := s.store.Citizen(r.Context(), g); err == nil && c.Name != "" {
			label = c.Name + " (" + label + ")"
		}
		data.Guardians = append(data.Guardians, label)
	}
	data.Value = formatPnrs(gs)
	if until, err := runtime.GuardianEnds(e.Citizen); err == nil {
		data.Until = s.date(until)
	}
	age, err := runtime.Age(e.Citizen, s.now())
	data.Editable = err == nil && age < runtime.GuardianAgeLimit
	return data, nil
}

func formatPnrs(pnrs []string) string {
	out := make([]string, len(pnrs))
	for i, p := range pnrs {
		out[i] = runtime.FormatPnr(p)
	}
	return strings.Join(out, "\n")
}

// saveGuardians replaces the guardians of the enrolment's citizen.
func (s *Server) saveGuardians(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	e := enrolmentFrom(r.Context()).E
	value := r.PostFormValue("guardians")
	guardians := strings.Fields(value)
	checked, err := runtime.CheckGuardians(e.Citizen, guardians, s.now())
	if err != nil {
		data, derr := s.guardiansData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		data.Value = value
		switch {
		case errors.Is(err, runtime.ErrGuardianMinor):
			data.Error = cat.T("people.guardians.error.minor")
		case errors.Is(err, runtime.ErrChildTooOld):
			data.Error = cat.T("people.guardians.error.aged")
		case errors.Is(err, runtime.ErrInvalid):
			data.Error = cat.T("people.guardians.error.child")
		default:
			data.Error = cat.T("people.guardians.error.pnr")
		}
		s.render(w, r, http.StatusUnprocessableEntity, "guardians", cat.T("people.guardians.title", data.Child), data)
		return
	}
	if err := s.store.SetGuardians(r.Context(), e.Citizen, checked); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "guardians set", "enrolment", e.ID, "count", len(checked))
	s.setFlash(w, r, "people.guardians.saved")
	redirect(w, r, guardiansURL(unitFrom(r.Context()).ID, e.ID))
}

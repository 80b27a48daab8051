package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// joinOffers returns the offers of the program in the URL that the
// signed-in citizen is shown; none is "not found", so a protected identity
// or a closed offer looks like no offer at all.
func (s *Server) joinOffers(r *http.Request) ([]runtime.SelfEnrolment, error) {
	ctx, u := r.Context(), userFrom(r.Context())
	program := chi.URLParam(r, "program")
	c, err := s.store.Citizen(ctx, u.ID)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		return nil, err
	}
	all, err := s.store.SelfEnrolments(ctx)
	if err != nil {
		return nil, err
	}
	var out []runtime.SelfEnrolment
	for _, o := range runtime.SelfEnrolmentsFor(c, all, nil) {
		if o.Program == program {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return nil, errNotFound
	}
	return out, nil
}

// joinData is the page that presents the program, with the units that
// offer it to choose among.
func (s *Server) joinData(r *http.Request, offers []runtime.SelfEnrolment, chosen string) (*view.JoinData, error) {
	ctx := r.Context()
	act, err := s.store.Activation(ctx, offers[0].Unit, offers[0].Program)
	if err != nil {
		return nil, err
	}
	p, err := s.bundles.program(ctx, act.Bundle)
	if err != nil {
		return nil, err
	}
	data := &view.JoinData{Title: p.Title, Action: joinURL(offers[0].Program)}
	if p.Presentation != "" {
		data.Presentation = view.HTML(p.Presentation)
	}
	for _, o := range offers {
		name := o.Unit
		if unit, err := s.store.Unit(ctx, o.Unit); err == nil {
			name = unit.Name
		}
		data.Units = append(data.Units, view.OptionView{Value: o.Unit, Label: name, Checked: o.Unit == chosen || len(offers) == 1})
	}
	return data, nil
}

// showJoin shows a program offered for self-enrolment: its presentation,
// the units that offer it, and the button that starts it.
func (s *Server) showJoin(w http.ResponseWriter, r *http.Request) {
	offers, err := s.joinOffers(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.joinData(r, offers, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "join", s.cat(r).T("people.join.title", data.Title), data)
}

// join starts the program for the citizen on the unit they chose, with
// the unit's clinician for self-enrolled citizens responsible.
func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	cat, u := s.cat(r), userFrom(r.Context())
	offers, err := s.joinOffers(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	chosen := r.PostFormValue("unit")
	var offer *runtime.SelfEnrolment
	for i := range offers {
		if offers[i].Unit == chosen {
			offer = &offers[i]
		}
	}
	refuse := func(status int, key string, args ...any) {
		data, err := s.joinData(r, offers, chosen)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data.Error = cat.T(key, args...)
		s.render(w, r, status, "join", cat.T("people.join.title", data.Title), data)
	}
	if offer == nil {
		refuse(http.StatusUnprocessableEntity, "people.join.error.unit")
		return
	}
	act, err := s.store.Activation(r.Context(), offer.Unit, offer.Program)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.bundles.program(r.Context(), act.Bundle)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.store.Citizen(r.Context(), u.ID); errors.Is(err, runtime.ErrNotFound) {
		if err := s.store.PutCitizen(r.Context(), runtime.Citizen{PNR: u.ID, Name: u.Name}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	e, err := s.svc.Start(r.Context(), runtime.StartInput{
		Program: p, Bundle: act.Bundle, Unit: offer.Unit, Citizen: u.ID, CitizenName: u.Name,
		Clinician: offer.Clinician, Actor: s.citizenActor(r), Key: commandKey(r),
	})
	if errors.Is(err, runtime.ErrExists) {
		refuse(http.StatusConflict, "people.join.error.exists")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "self-enrolled", "enrolment", e.ID, "bundle", e.Bundle, "unit", offer.Unit)
	s.setFlash(w, r, "people.join.started", p.Title)
	redirect(w, r, overviewURL(e))
}

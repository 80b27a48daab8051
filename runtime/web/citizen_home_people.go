package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// homePeople gathers what the citizen's start page shows beyond the
// enrolments: the children a guardian may act for, and the programs the
// citizen may start themselves (none for a protected identity, who is told
// to contact their clinic). es are the citizen's enrolments.
func (s *Server) homePeople(r *http.Request, es []*runtime.Enrolment) (*view.HomePeople, error) {
	ctx, u := r.Context(), userFrom(r.Context())
	out := &view.HomePeople{ActURL: actForURL}
	if u.Guardian == "" {
		wards, err := runtime.WardsOf(ctx, s.store, u.ID, s.now())
		if err != nil {
			return nil, err
		}
		for _, w := range wards {
			v := view.WardView{PNR: w.Citizen.PNR, Name: w.Citizen.Name, Until: s.date(w.Until)}
			if v.Name == "" {
				v.Name = runtime.FormatPnr(w.Citizen.PNR)
			}
			if w.Ended {
				out.Aged = append(out.Aged, v)
			} else {
				out.Wards = append(out.Wards, v)
			}
		}
	}
	c, err := s.store.Citizen(ctx, u.ID)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		return nil, err
	}
	c.PNR = u.ID
	if c.Protected {
		out.Protected = true
		return out, nil
	}
	offers, err := s.store.SelfEnrolments(ctx)
	if err != nil {
		return nil, err
	}
	var running []string
	for _, e := range es {
		if !e.Ended() {
			running = append(running, e.Program)
		}
	}
	byProgram := map[string]*view.OfferView{}
	for _, o := range runtime.SelfEnrolmentsFor(c, offers, running) {
		act, err := s.store.Activation(ctx, o.Unit, o.Program)
		if err != nil {
			s.log.WarnContext(ctx, "self-enrolment without activation", "unit", o.Unit, "program", o.Program, "err", err)
			continue
		}
		v, ok := byProgram[o.Program]
		if !ok {
			v = &view.OfferView{Program: o.Program, Title: o.Program, Href: joinURL(o.Program)}
			if p, err := s.bundles.program(ctx, act.Bundle); err == nil {
				v.Title = p.Title
			}
			byProgram[o.Program] = v
			out.Offers = append(out.Offers, *v)
		}
		name := o.Unit
		if unit, err := s.store.Unit(ctx, o.Unit); err == nil {
			name = unit.Name
		}
		v.Units = append(v.Units, name)
	}
	// The views were copied in order; copy the units gathered since.
	for i := range out.Offers {
		out.Offers[i].Units = byProgram[out.Offers[i].Program].Units
	}
	return out, nil
}

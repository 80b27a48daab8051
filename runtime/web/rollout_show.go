package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/diff"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showRollout shows which running enrolments would move to the version
// active on the unit, and what changes for them, before they are moved.
func (s *Server) showRollout(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	data, _, _, err := s.rolloutData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_rollout", cat.T("web.title.rollout", data.To), data)
}

// rolloutData works out the rollout of a program to the version active on
// the unit: the enrolments that move, and the changes from each version
// they are on.
func (s *Server) rolloutData(r *http.Request) (data *view.RolloutData, moving []*runtime.Enrolment, toBundle string, err error) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	program := chi.URLParam(r, "program")
	act, err := s.store.Activation(r.Context(), unit.ID, program)
	if errors.Is(err, runtime.ErrNotFound) {
		return nil, nil, "", errNotFound.with(err)
	}
	if err != nil {
		return nil, nil, "", err
	}
	to, err := s.bundles.program(r.Context(), act.Bundle)
	if err != nil {
		return nil, nil, "", err
	}
	running, err := s.svc.List(r.Context(), runtime.ByUnit(unit.ID))
	if err != nil {
		return nil, nil, "", err
	}
	data = &view.RolloutData{
		Program: to.Title, To: to.Version, Compatible: true,
		Action: rolloutURL(unit.ID, program), Back: areaURL(unit.ID, areaPrograms),
	}
	moving = movable(running, program, act.Bundle)
	for _, e := range running {
		if e.Program == program && e.Bundle != act.Bundle && major(versionOf(e.Bundle)) != major(to.Version) {
			data.Compatible = false
		}
	}
	seen := map[string]bool{}
	for _, e := range moving {
		data.Rows = append(data.Rows, view.RolloutRow{
			ID: e.ID, Name: e.CitizenName, PNR: runtime.FormatPnr(e.Citizen), Bundle: versionOf(e.Bundle),
			Started: s.date(e.StartedAt), Href: enrolmentURL(unit.ID, e.ID),
		})
		if seen[e.Bundle] {
			continue
		}
		seen[e.Bundle] = true
		lines, err := s.changeLines(r, e.Bundle, act.Bundle)
		if err != nil {
			return nil, nil, "", err
		}
		for _, l := range lines {
			if len(moving) > 1 || len(seen) > 1 {
				l = cat.T("web.change.from", versionOf(e.Bundle), l)
			}
			data.Changes = append(data.Changes, l)
		}
	}
	return data, moving, act.Bundle, nil
}

// changeLines says in words what changes between two bundles of a program.
func (s *Server) changeLines(r *http.Request, from, to string) ([]string, error) {
	cat := s.cat(r)
	a, err := s.bundleMeta(r, from)
	if err != nil {
		return nil, err
	}
	b, err := s.bundleMeta(r, to)
	if err != nil {
		return nil, err
	}
	rep := diff.Bundles(a, b)
	var out []string
	for _, c := range rep.Changes {
		kind := cat.T("web.change.kind." + c.Kind)
		name := changeName(a.Program, b.Program, c)
		var line string
		switch {
		case c.Op == diff.Changed && c.Detail != "":
			line = cat.T("web.change.changed_detail", kind, name, c.Detail)
		default:
			line = cat.T("web.change."+c.Op, kind, name)
		}
		if !c.Compatible {
			line = cat.T("web.change.incompatible", line)
		}
		out = append(out, line)
	}
	return out, nil
}

// bundleMeta is a bundle with its program and manifest but without its
// files, which is all the diff reads.
func (s *Server) bundleMeta(r *http.Request, name string) (*bundle.Bundle, error) {
	p, err := s.bundles.program(r.Context(), name)
	if err != nil {
		return nil, err
	}
	m, err := s.bundles.manifest(r.Context(), name)
	if err != nil {
		return nil, err
	}
	return &bundle.Bundle{Name: name, Manifest: *m, Program: p}, nil
}

// changeName gives a change's subject by its title where there is one.
func changeName(old, new *designer.Program, c diff.Change) string {
	for _, p := range []*designer.Program{new, old} {
		switch c.Kind {
		case "module":
			if m, ok := p.Module(c.ID); ok && m.Title != "" {
				return m.Title
			}
		case "step":
			mod, step, _ := strings.Cut(c.ID, "/")
			if _, _, st, ok := p.Step(mod, step); ok && st.Title != "" {
				return st.Title
			}
		case "form":
			if f, ok := p.Form(c.ID); ok && f.Title != "" {
				return f.Title
			}
		case "question":
			form, q, _ := strings.Cut(c.ID, "/")
			if f, ok := p.Form(form); ok {
				if qq, ok := f.Question(q); ok && qq.Text != "" {
					return qq.Text
				}
			}
		case "program":
			return p.Title
		}
	}
	return c.ID
}

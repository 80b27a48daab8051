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

// rolloutRows is how many of the enrolments that move the rollout page
// names; the count says how many there are in all.
const rolloutRows = 200

// rolloutData works out the rollout of a program to the version active on
// the unit from the counts and summaries of its bundles' lists (no
// enrolment is read): how many move from which bundle, the changes from
// each, and, for staff with a care role, the first rolloutRows of them by
// name.
func (s *Server) rolloutData(r *http.Request) (data *view.RolloutData, from []string, toBundle string, err error) {
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
	pubs, err := s.store.Publications(r.Context())
	if err != nil {
		return nil, nil, "", err
	}
	bundles, counts, err := s.bundleCounts(r, unit.ID, program, pubs)
	if err != nil {
		return nil, nil, "", err
	}
	data = &view.RolloutData{
		Program: to.Title, To: to.Version, Compatible: true,
		Action: rolloutURL(unit.ID, program), Back: areaURL(unit.ID, areaPrograms),
	}
	for _, b := range bundles {
		if b != act.Bundle && counts[b] > 0 && major(versionOf(b)) != major(to.Version) {
			data.Compatible = false
		}
	}
	from = movableFrom(bundles, counts, act.Bundle)
	for _, b := range from {
		data.Moving += counts[b]
	}
	// Only a care role on the unit shows who the citizens are; a unit
	// admin without one sees how many move from each version.
	u := userFrom(r.Context())
	caring := u != nil && hasAny(u.Staff.Roles[unit.ID], careRoles...)
	for _, b := range from {
		if caring && len(data.Rows) < rolloutRows {
			p, err := s.store.Summaries(r.Context(), runtime.PageQuery{List: runtime.BundleList(unit.ID, b), Size: min(rolloutRows-len(data.Rows), runtime.MaxPageSize)})
			if err != nil {
				return nil, nil, "", err
			}
			for _, sum := range p.Summaries {
				data.Rows = append(data.Rows, view.RolloutRow{
					ID: sum.ID, Name: sum.CitizenName, PNR: runtime.FormatPnr(sum.Citizen), Bundle: versionOf(sum.Bundle),
					Started: s.date(sum.StartedAt), Href: enrolmentURL(unit.ID, sum.ID),
				})
			}
		}
		if !caring {
			data.Counts = append(data.Counts, cat.N("rollout.count", counts[b], versionOf(b)))
		}
		lines, err := s.changeLines(r, b, act.Bundle)
		if err != nil {
			return nil, nil, "", err
		}
		for _, l := range lines {
			if data.Moving > 1 || len(from) > 1 {
				l = cat.T("web.change.from", versionOf(b), l)
			}
			data.Changes = append(data.Changes, l)
		}
	}
	if caring && data.Moving > len(data.Rows) {
		data.More = cat.T("lists.rollout.more", len(data.Rows), data.Moving)
	}
	return data, from, act.Bundle, nil
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

package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showPrograms lists the published programs and their versions for the
// unit admin, with the version active on the unit.
func (s *Server) showPrograms(w http.ResponseWriter, r *http.Request) {
	data, err := s.programsData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_programs", s.cat(r).T("web.title.programs"), data)
}

// programsData gathers the programs page of the unit in the request.
func (s *Server) programsData(r *http.Request) (*view.ProgramsData, error) {
	unit := unitFrom(r.Context())
	pubs, err := s.store.Publications(r.Context())
	if err != nil {
		return nil, err
	}
	data := &view.ProgramsData{PublishAction: publishURL(unit.ID)}
	if s.importer.HasCatalogues() {
		data.Shared = sharedURL(unit.ID)
	}
	cat := s.cat(r)
	byProgram := map[string]*view.ProgramRow{}
	var order []string
	for _, pub := range pubs {
		row, ok := byProgram[pub.Program]
		if !ok {
			row = &view.ProgramRow{ID: pub.Program, Title: pub.Program}
			byProgram[pub.Program] = row
			order = append(order, pub.Program)
		}
		if p, err := s.bundles.program(r.Context(), pub.Bundle); err == nil {
			row.Title = p.Title // the latest published title wins
		}
		row.Versions = append(row.Versions, &view.VersionRow{Bundle: pub.Bundle, Version: pub.Version, Published: s.date(pub.PublishedAt), Provenance: provenanceText(cat, pub.Provenance)})
	}
	for _, id := range order {
		row := byProgram[id]
		bundles, counts, err := s.bundleCounts(r, unit.ID, id, pubs)
		if err != nil {
			return nil, err
		}
		running := 0
		for _, v := range row.Versions {
			if n := counts[v.Bundle]; n > 0 {
				running += n
				v.Running = cat.T("lists.programs.version_running", number(cat.Lang, n))
			}
		}
		row.Running = cat.T("lists.programs.running", number(cat.Lang, running))
		slices.SortStableFunc(row.Versions, func(a, b *view.VersionRow) int { return compareVersions(b.Version, a.Version) })
		act, err := s.store.Activation(r.Context(), unit.ID, id)
		if err != nil && !errors.Is(err, runtime.ErrNotFound) {
			return nil, err
		}
		for _, v := range row.Versions {
			if err == nil && v.Bundle == act.Bundle {
				v.Active = true
				row.Active = v.Version
				if len(movableFrom(bundles, counts, act.Bundle)) > 0 {
					v.Rollout = rolloutURL(unit.ID, id)
				}
				continue
			}
			v.Activate = activateURL(unit.ID, id)
			v.Major = err == nil && major(v.Version) != major(versionOf(act.Bundle))
		}
		data.Programs = append(data.Programs, row)
	}
	return data, s.addSelfEnrol(r, data)
}

// versionOf returns the version in a bundle name: stress@1.2+… → 1.2.
func versionOf(bundle string) string {
	_, rest, _ := strings.Cut(bundle, "@")
	v, _, _ := strings.Cut(rest, "+")
	return v
}

func major(version string) string {
	m, _, _ := strings.Cut(version, ".")
	return m
}

// compareVersions orders MAJOR.MINOR versions by number.
func compareVersions(a, b string) int {
	am, an := splitVersion(a)
	bm, bn := splitVersion(b)
	if am != bm {
		return am - bm
	}
	return an - bn
}

func splitVersion(v string) (int, int) {
	a, b, _ := strings.Cut(v, ".")
	m, _ := strconv.Atoi(a)
	n, _ := strconv.Atoi(b)
	return m, n
}

package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/themes/view"
)

// showShared lists the programs that trusted publishers in other regions
// share in their catalogues, for the unit admin to import.
func (s *Server) showShared(w http.ResponseWriter, r *http.Request) {
	data, err := s.sharedData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_shared", s.cat(r).T("regions.programs.import.title"), data)
}

// sharedData reads the trusted catalogues and marks the versions already
// published here. A catalogue that cannot be read is shown as such and
// logged; the others are still listed.
func (s *Server) sharedData(r *http.Request) (*view.SharedData, error) {
	unit := unitFrom(r.Context())
	pubs, err := s.store.Publications(r.Context())
	if err != nil {
		return nil, err
	}
	published := map[string]bool{}
	for _, p := range pubs {
		published[p.Bundle] = true
	}
	data := &view.SharedData{ImportAction: importURL(unit.ID), Back: areaURL(unit.ID, areaPrograms)}
	for _, l := range s.importer.Catalogues(r.Context()) {
		c := &view.SharedCatalogue{Publisher: l.Publisher.Name, Key: sign.Short(l.Publisher.Fingerprint), Fingerprint: l.Publisher.Fingerprint}
		if l.Err != nil {
			s.log.WarnContext(r.Context(), "catalogue unreadable", "publisher", l.Publisher.Name, "catalogue", l.Publisher.Catalogue, "err", l.Err)
			c.Unreachable = true
			data.Catalogues = append(data.Catalogues, c)
			continue
		}
		for _, p := range l.Catalogue.Programs {
			sp := &view.SharedProgram{ID: p.ID, Title: p.Title, Description: p.Description}
			for _, v := range p.Versions {
				sp.Versions = append(sp.Versions, &view.SharedVersion{Version: v.Version, Bundle: v.Bundle, Date: v.Date, Imported: published[v.Bundle]})
			}
			c.Programs = append(c.Programs, sp)
		}
		data.Catalogues = append(data.Catalogues, c)
	}
	return data, nil
}

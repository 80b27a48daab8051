package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// relatedLinks are the manage view's lines about the enrolment's handover
// and links: the page that hands it over and links it (saying so while a
// handover waits), then each linked enrolment.
func (s *Server) relatedLinks(r *http.Request, e *runtime.Enrolment, unit runtime.Unit) []view.Link {
	cat := s.cat(r)
	label := cat.T("roles.manage.handover")
	if e.HandoverPending() {
		label = cat.T("roles.manage.pending", s.unitName(r, e.HandoverTo))
	}
	links := []view.Link{{Href: handoverURL(unit.ID, e.ID), Label: label}}
	return append(links, s.linkedLinks(r, e)...)
}

// linkedLinks are the enrolments linked with e. One on a unit where the
// staff member cares for no one is named by its unit only, without its
// program or a link: its care relation is another team's.
func (s *Server) linkedLinks(r *http.Request, e *runtime.Enrolment) []view.Link {
	cat := s.cat(r)
	me := userFrom(r.Context())
	var links []view.Link
	for _, id := range e.Linked {
		other, err := s.svc.View(r.Context(), id) // read only: shared (runtime.Enrolments.View)
		if err != nil {
			// Purged, or the store failed: the link names nothing to show.
			s.log.InfoContext(r.Context(), "linked enrolment", "enrolment", id, "err", err)
			continue
		}
		unitName := s.unitName(r, other.Unit)
		if !hasAny(me.Staff.Roles[other.Unit], careRoles...) {
			links = append(links, view.Link{Label: cat.T("roles.linked.elsewhere", unitName)})
			continue
		}
		title := other.Program
		if p, err := s.bundles.program(r.Context(), other.Bundle); err == nil {
			title = p.Title
		}
		l := view.Link{Href: enrolmentURL(other.Unit, other.ID), Label: cat.T("roles.linked", title, unitName)}
		if other.Ended() {
			l.Label = cat.T("roles.linked.ended", title, unitName)
		}
		links = append(links, l)
	}
	return links
}

// unitName returns a unit's name, or its id when unknown.
func (s *Server) unitName(r *http.Request, id string) string {
	if u, err := s.store.Unit(r.Context(), id); err == nil && u.Name != "" {
		return u.Name
	}
	return id
}

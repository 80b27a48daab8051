package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// citizenIdentity is the one way staff pages render who an enrolment's
// citizen is: their name and formatted number, or "Skyddad identitet" and
// no number for a protected identity seen by someone outside the care team
// (runtime.ShowIdentity). A directory that does not answer hides the
// identity rather than risk showing a protected one.
func (s *Server) citizenIdentity(r *http.Request, e *runtime.Enrolment) (name, pnr string) {
	u := userFrom(r.Context())
	if u != nil && runtime.CareTeam(u.Staff, e) {
		// The care team sees every identity: no need to read whether
		// it is protected, once per row of a list.
		return e.CitizenName, runtime.FormatPnr(e.Citizen)
	}
	c, err := s.store.Citizen(r.Context(), e.Citizen)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		s.log.ErrorContext(r.Context(), "look up citizen", "err", err)
		return s.cat(r).T("people.protected"), ""
	}
	if u == nil || !runtime.ShowIdentity(u.Staff, e, c.Protected) {
		return s.cat(r).T("people.protected"), ""
	}
	return e.CitizenName, runtime.FormatPnr(e.Citizen)
}

// actorName is the name to show for who did something on an enrolment
// (runtime.ActorName): for a guardian, the guardian's own name.
func (s *Server) actorName(r *http.Request, a runtime.Actor) string {
	name, err := runtime.ActorName(r.Context(), s.store, a)
	if err != nil {
		s.log.ErrorContext(r.Context(), "look up actor", "err", err)
		return a.ID
	}
	return name
}

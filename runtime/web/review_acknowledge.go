package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// acknowledgeRoles may acknowledge ("kvittera") an urgent event: the
// unit's clinicians and citizen admins, whom its escalation reaches.
var acknowledgeRoles = []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin}

// acknowledgeReview acknowledges an urgent flagged event, so that it
// escalates no further.
func (s *Server) acknowledgeReview(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	id := chi.URLParam(r, "review")
	if rv, ok := l.E.Review(id); !ok || !rv.Urgent {
		s.fail(w, r, errNotFound)
		return
	}
	s.act(w, r, runtime.AcknowledgeFlag(id), "reviews-h", "web.flash.acknowledged")
}

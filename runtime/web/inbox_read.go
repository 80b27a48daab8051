package web

import (
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime/web/auth"
)

// markInboxRead marks one of the user's notifications read ("markera som
// läst") and returns to the page it was marked on.
func (s *Server) markInboxRead(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	key := r.PostFormValue("key")
	if key == "" {
		s.fail(w, r, errBadRequest)
		return
	}
	if err := s.store.MarkInboxRead(r.Context(), recipient(u), key, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	next := r.PostFormValue("next")
	if !localPath(next) {
		next = citizenHomeURL
		if u.Kind == auth.Staff {
			next = areaURL(unitFrom(r.Context()).ID, areaNotifications)
		}
	}
	s.setFlash(w, r, "web.flash.inbox_read")
	redirect(w, r, next)
}

// localPath reports whether p is a path on this site, never another's
// ("//host", "/\host").
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\")
}

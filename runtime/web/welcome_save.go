package web

import (
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime"
)

// saveWelcome replaces the welcome text the citizen sees; empty brings back
// the program's own.
func (s *Server) saveWelcome(w http.ResponseWriter, r *http.Request) {
	text := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("welcome"), "\r\n", "\n"))
	// Too long a text gets runtime.ErrTooLong, whose page keeps it.
	s.act(w, r, runtime.EditWelcome(text), "welcome-h", "web.flash.welcome")
}

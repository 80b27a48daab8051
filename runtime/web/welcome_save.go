package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/stegvis/stegvis/runtime"
)

// maxWelcome bounds the clinician's welcome text, in characters.
const maxWelcome = 5000

// saveWelcome replaces the welcome text the citizen sees; empty brings back
// the program's own.
func (s *Server) saveWelcome(w http.ResponseWriter, r *http.Request) {
	text := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("welcome"), "\r\n", "\n"))
	if utf8.RuneCountInString(text) > maxWelcome {
		s.fail(w, r, errTooLarge)
		return
	}
	s.act(w, r, runtime.EditWelcome(text), "welcome-h", "web.flash.welcome")
}

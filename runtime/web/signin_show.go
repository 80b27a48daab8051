package web

import (
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes/view"
)

// showSignIn shows the sign-in page: a link to the provider's own sign-in,
// or the development chooser.
func (s *Server) showSignIn(w http.ResponseWriter, r *http.Request) {
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, rootURL, http.StatusSeeOther)
		return
	}
	s.renderSignIn(w, r, http.StatusOK, "")
}

func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, errKey string) {
	cat := s.cat(r)
	ss := sessionFrom(r.Context())
	ss.State = randomToken()
	// The session must be stored before the form posts its CSRF token.
	if err := s.saveSession(w, r, ss); err != nil {
		s.fail(w, r, err)
		return
	}
	data := &view.SignInData{
		Action:   signInAction(safeNext(r.URL.Query().Get("next"))),
		Provider: s.identity.Name(),
		Dev:      s.identity.Development(),
	}
	if errKey != "" {
		data.Error = cat.T(errKey)
	}
	to, err := s.identity.Redirect(ss.State)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Redirect = to
	if c, ok := s.identity.(auth.Chooser); ok {
		choices, err := c.Choices(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, ch := range choices {
			data.Choices = append(data.Choices, view.Choice{ID: ch.Subject, Name: ch.Name, Role: ch.Description})
		}
	}
	s.render(w, r, status, "signin", cat.T("web.title.signin"), data)
}

// safeNext returns next when it is a path on this site, and "" otherwise,
// so the sign-in cannot send anyone elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	return next
}

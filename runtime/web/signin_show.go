package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

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
	// A new state for the chooser's post; an attempt under way is over.
	ss.State, ss.Via, ss.Nonce, ss.Verifier, ss.Next = randomToken(), "", "", "", ""
	// The session must be stored before the form posts its CSRF token.
	if err := s.saveSession(w, r, ss); err != nil {
		s.fail(w, r, err)
		return
	}
	next := safeNext(r.URL.Query().Get("next"))
	data := &view.SignInData{
		Action:   signInAction(next),
		Provider: s.identity.Name(),
		Dev:      s.identity.Development(),
	}
	if errKey != "" {
		data.Error = cat.T(errKey)
	}
	switch p := s.identity.(type) {
	case auth.Chooser:
		choices, err := p.Choices(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, ch := range choices {
			data.Choices = append(data.Choices, view.Choice{ID: ch.Subject, Name: ch.Name, Role: ch.Description})
		}
	case auth.Ways:
		for _, way := range p {
			data.Ways = append(data.Ways, view.Link{Href: signInStartURL(way.Via, next),
				Label: cat.T("signin.as."+string(way.Kind), way.Provider.Name())})
		}
	default:
		data.Redirect = signInStartURL("", next)
	}
	s.render(w, r, status, "signin", cat.T("web.title.signin"), data)
}

// safeNext returns next when it is a path on this site, and "" otherwise,
// so the sign-in cannot send anyone elsewhere. Browsers drop tabs and
// newlines from a Location and read a backslash as a slash, so "/\t/x" and
// "/\\x" name the host x: next must parse as a bare path, and neither it
// nor its path once or twice unescaped may begin with two slashes or hold a
// backslash, a control, format or space character.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || !plainText(next) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	p := u.EscapedPath()
	for range 3 {
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || !plainText(p) {
			return ""
		}
		q, err := url.PathUnescape(p)
		if err != nil {
			return ""
		}
		if q == p {
			return next
		}
		p = q
	}
	return ""
}

// plainText reports whether s is valid UTF-8 with no backslash and no
// character a browser might drop, fold or show as nothing.
func plainText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Z) {
			return false
		}
	}
	return true
}

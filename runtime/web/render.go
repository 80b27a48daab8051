package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes/view"
)

// render writes a page. The frame (user, navigation, CSRF token, a flash
// left by the last action) comes from the request.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	p := s.page(w, r, title, data)
	// The templates render into a buffer and write the page at once, so
	// the status goes out with the first write, when the page is whole.
	sw := &statusWriter{ResponseWriter: w, status: status}
	if err := s.tpl.Render(sw, page, p); err != nil {
		s.log.ErrorContext(r.Context(), "render", "page", page, "err", err)
		if sw.wrote {
			return // the client went away while the page was written
		}
		if page != "error" {
			s.fail(w, r, err)
			return
		}
		http.Error(w, "E500", http.StatusInternalServerError)
	}
}

// statusWriter sends the page's headers and status with its first write.
// Templates.Render writes the whole page in that one write, so its length
// is known: the page goes out with a Content-Length rather than in chunks.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (sw *statusWriter) Write(b []byte) (int, error) {
	if !sw.wrote {
		sw.wrote = true
		sw.Header().Set("Content-Type", "text/html; charset=utf-8")
		sw.Header().Set("Cache-Control", "no-store")
		sw.Header().Set("Content-Length", strconv.Itoa(len(b)))
		sw.WriteHeader(sw.status)
	}
	return sw.ResponseWriter.Write(b)
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, title string, data any) *view.Page {
	cat := s.cat(r)
	if s.lang == "" {
		w.Header().Add("Vary", "Accept-Language")
	}
	p := &view.Page{Lang: cat.Lang, Title: title, Dev: s.identity.Development(), Data: data}
	ss := sessionFrom(r.Context())
	if ss != nil {
		p.CSRF = ss.CSRF
		if ss.Flash != nil {
			args := make([]any, len(ss.Flash.Args))
			for i, a := range ss.Flash.Args {
				args[i] = a
			}
			p.Flash, p.FlashError = cat.T(ss.Flash.Key, args...), ss.Flash.Error
			ss.Flash = nil
			if err := s.saveSession(w, r, ss); err != nil {
				s.log.ErrorContext(r.Context(), "clear flash", "err", err)
			}
		}
	}
	u := userFrom(r.Context())
	if u == nil {
		return p
	}
	p.SignOut = signOutURL
	p.SignOutEverywhere = signOutEverywhereURL
	p.User = &view.User{Name: u.Name, Staff: u.Kind == auth.Staff}
	if u.Kind == auth.Citizen {
		p.User.Role = cat.T("web.role.citizen")
		p.Nav = []view.Link{{Href: citizenHomeURL, Label: cat.T("web.nav.home")}}
		actingBanner(p, u, cat.T("web.role.guardian"))
	}
	if unit := unitFrom(r.Context()); unit.ID != "" {
		p.Unit = &view.Link{Href: unitURL(unit.ID), Label: unit.Name}
		roles := u.Staff.Roles[unit.ID]
		var names []string
		for _, role := range roles {
			names = append(names, cat.T("web.role."+string(role)))
		}
		p.User.Role = strings.Join(names, ", ")
		for _, a := range staffAreas {
			if a.nav != "" && a.allows(roles) {
				p.Nav = append(p.Nav, view.Link{Href: areaURL(unit.ID, a.path), Label: cat.T(a.nav)})
			}
		}
		if len(u.Staff.Roles) > 1 {
			p.Nav = append(p.Nav, view.Link{Href: unitsURL, Label: cat.T("web.nav.units")})
		}
	}
	for i := range p.Nav {
		p.Nav[i].Current = r.URL.Path == p.Nav[i].Href || strings.HasPrefix(r.URL.Path, p.Nav[i].Href+"/")
	}
	return p
}

// redirect answers a POST with 303 See Other, so reloading the next page
// does not post again.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// Dates are shown in Swedish time, as ISO dates, the way Swedes write them.
func (s *Server) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.zone).Format("2006-01-02")
}

func (s *Server) dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(s.zone).Format("2006-01-02 15:04")
}

// days returns the number of calendar days from start to now, in Swedish
// time; the start day is day 0.
func (s *Server) days(start time.Time) int {
	y1, m1, d1 := start.In(s.zone).Date()
	y2, m2, d2 := s.now().In(s.zone).Date()
	a := time.Date(y1, m1, d1, 12, 0, 0, 0, time.UTC)
	b := time.Date(y2, m2, d2, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

package preview

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/themes"
)

// Live is the whole program over time: a running stegvis (the runtime's
// own web server, scheduler and courier) over the preview's last good
// bundles, with one preview citizen enrolled in each program on day 0 and
// one preview clinician responsible, and its clock on a chosen day. The
// command stegvis preview provides it (cmd/stegvis/preview_world.go); the
// preview routes every address it does not serve itself to it, with the
// day bar added to its pages.
type Live interface {
	// Load replaces the programs with bundles (after a build), keeping
	// the day and replaying what was written so far.
	Load(ctx context.Context, bundles []*bundle.Bundle) error
	// SetDay moves the enrolments' clock to day n (0 is the start).
	SetDay(ctx context.Context, n int) error
	// Day returns the day shown.
	Day() int
	// Serve serves a request of the running stegvis, signed in as who:
	// AsCitizen or AsClinician.
	Serve(w http.ResponseWriter, r *http.Request, who string)
	// Answer hands the answers to a step's form that the designer gave
	// in the steps (the form as posted) to the running program, as the
	// preview citizen's on the day shown; the program keeps them as its
	// other writes, if its rules take them then.
	Answer(ctx context.Context, program, module, step string, form url.Values)
	// Home returns the address of who's page for what the page at from
	// shows (the same enrolment as the other), or who's start page.
	Home(who, from string) string
}

// Who the designer sees the running program as.
const (
	AsCitizen   = "citizen"
	AsClinician = "clinician"
)

// MaxDay is the last day the day control goes to: three years.
const MaxDay = 3 * 366

// asCookie remembers who the designer sees the program as.
const asCookie = "stegvis_preview_as"

// ParseDay reads a day number as the day control sends it: a whole number
// from 0 to MaxDay, spaces around it allowed.
func ParseDay(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("day %q: not a whole number", s)
	}
	if n < 0 || n > MaxDay {
		return 0, fmt.Errorf("day %d: outside 0–%d", n, MaxDay)
	}
	return n, nil
}

// who returns who the designer sees the program as: the cookie's choice,
// the citizen by default.
func who(r *http.Request) string {
	if c, err := r.Cookie(asCookie); err == nil && c.Value == AsClinician {
		return AsClinician
	}
	return AsCitizen
}

// loadLive hands the last good bundle of every program to the live
// program; a failure is logged and shown on its pages.
func (s *Server) loadLive() {
	if s.live == nil {
		return
	}
	var bundles []*bundle.Bundle
	for _, pr := range s.programs {
		if b, _ := pr.state(); b != nil {
			bundles = append(bundles, b)
		}
	}
	if err := s.live.Load(context.Background(), bundles); err != nil {
		s.log.Error("preview over time", "err", err)
	}
}

// setDay moves the day (the form of the day bar, or a link) and goes back
// to the page it came from.
func (s *Server) setDay(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if s.live == nil {
		http.NotFound(w, r)
		return
	}
	n, err := ParseDay(r.URL.Query().Get("day"))
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintln(w, s.t("preview.day.bad", r.URL.Query().Get("day"), MaxDay))
		return
	}
	if err := s.live.SetDay(r.Context(), n); err != nil {
		s.log.Error("preview day", "day", n, "err", err)
		http.Error(w, s.t("preview.day.failed", err.Error()), http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// setAs switches between the citizen's and the clinician's view and goes
// to that one's start page, or to next.
func (s *Server) setAs(w http.ResponseWriter, r *http.Request) {
	if s.live == nil {
		http.NotFound(w, r)
		return
	}
	as := AsCitizen
	if r.URL.Query().Get("who") == AsClinician {
		as = AsClinician
	}
	http.SetCookie(w, &http.Cookie{Name: asCookie, Value: as, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	next := s.live.Home(as, localPath(r.URL.Query().Get("from")))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// localPath keeps only a path on this server, "/" otherwise.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}

// serveLive serves the running program: ?day=N on any of its addresses
// moves the day first; its pages get the day bar and the reload script.
func (s *Server) serveLive(w http.ResponseWriter, r *http.Request) {
	if s.live == nil {
		http.NotFound(w, r)
		return
	}
	if d := r.URL.Query().Get("day"); d != "" && r.Method == http.MethodGet {
		n, err := ParseDay(d)
		if err != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintln(w, s.t("preview.day.bad", d, MaxDay))
			return
		}
		if err := s.live.SetDay(r.Context(), n); err != nil {
			s.log.Error("preview day", "day", n, "err", err)
			http.Error(w, s.t("preview.day.failed", err.Error()), http.StatusInternalServerError)
			return
		}
	}
	as := who(r)
	rec := &captured{header: http.Header{}}
	s.live.Serve(rec, r, as)
	var diags []string
	for _, pr := range s.programs {
		_, d := pr.state()
		if o := s.overlay(d, false); o != "" {
			diags = append(diags, o)
		}
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	body := rec.body.Bytes()
	if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
		body = s.addBar(body, r, as, strings.Join(diags, ""))
		w.Header().Del("Content-Length")
		w.Header().Set("Cache-Control", "no-store")
	}
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	w.Write(body)
}

// captured is a response held back to add the day bar.
type captured struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *captured) Header() http.Header { return c.header }
func (c *captured) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}
func (c *captured) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

// addBar puts the day bar first in the page's body, and the errors of the
// last builds (the overlay) and the reload script last.
func (s *Server) addBar(page []byte, r *http.Request, as, overlay string) []byte {
	out := string(page)
	bar := s.dayBar(r.URL, as)
	if i := strings.Index(out, "<body"); i >= 0 {
		if j := strings.IndexByte(out[i:], '>'); j >= 0 {
			k := i + j + 1
			out = out[:k] + bar + out[k:]
		}
	} else {
		out = bar + out
	}
	if i := strings.LastIndex(out, "</body>"); i >= 0 {
		out = out[:i] + overlay + reloadScriptFile + out[i:]
	}
	return []byte(withBarStyle(out))
}

// The day bar's style and the reload script as files of the preview's
// own: the running program's pages allow only their own origin's scripts
// and styles (no inline ones), as a citizen's browser sees them.
const (
	barStyleLink     = `<link rel="stylesheet" href="/_preview/bar.css">`
	reloadScriptFile = `<script src="/_preview/reload.js"></script>`
	barStyle         = `.preview-days{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;background:#1d2b3a;color:#fff;font:15px/1.4 system-ui,sans-serif}
.preview-days a,.preview-days label{color:#fff}
.preview-days form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:0}
.preview-days input[type=number]{width:5.5em;font:inherit;padding:.15rem .3rem;color:#000;background:#fff}
.preview-days button{font:inherit;padding:.15rem .6rem;width:auto;margin:0}
.preview-days [aria-current]{font-weight:600}
`
	reloadJS = `(function(){var es=new EventSource("/_preview/events");es.onmessage=function(e){if(e.data==="reload"){es.close();location.reload();}};})();`
)

// withBarStyle links the day bar's style in the page's head.
func withBarStyle(page string) string {
	if i := strings.Index(page, "</head>"); i >= 0 {
		return page[:i] + barStyleLink + page[i:]
	}
	return barStyleLink + page
}

// serveBarFile serves the day bar's style and the reload script.
func serveBarFile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasSuffix(r.URL.Path, ".css") {
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		fmt.Fprint(w, barStyle)
		return
	}
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	fmt.Fprint(w, reloadJS)
}

// dayBar is the preview's control over time: the day shown, links to the
// previous and next day, a number field with a button (a form that works
// without JavaScript), and links to the citizen's and the clinician's
// views and back to the steps.
func (s *Server) dayBar(at *url.URL, as string) string {
	if s.live == nil {
		return ""
	}
	day := s.live.Day()
	q := at.Query()
	q.Del("day")
	here := at.Path
	if e := q.Encode(); e != "" {
		here += "?" + e
	}
	cat := themes.Lookup(s.lang)
	link := func(n int) string {
		return "/_preview/day?" + url.Values{"day": {strconv.Itoa(n)}, "next": {here}}.Encode()
	}
	esc := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<nav class="preview-days" aria-label="%s">`, esc(cat.T("preview.day.label")))
	fmt.Fprintf(&b, `<strong id="preview-day-now">%s</strong>`, esc(cat.T("preview.day.now", day)))
	if day > 0 {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(link(day-1)), esc(cat.T("preview.day.previous")))
	}
	if day < MaxDay {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc(link(day+1)), esc(cat.T("preview.day.next")))
	}
	fmt.Fprintf(&b, `<form method="get" action="/_preview/day"><input type="hidden" name="next" value="%s"><label for="preview-day">%s</label><input id="preview-day" name="day" type="number" inputmode="numeric" min="0" max="%d" value="%d"><button type="submit">%s</button></form>`,
		esc(here), esc(cat.T("preview.day.field")), MaxDay, day, esc(cat.T("preview.day.go")))
	views := []struct{ who, key string }{{AsCitizen, "preview.as.citizen"}, {AsClinician, "preview.as.clinician"}}
	for _, v := range views {
		if v.who == as {
			fmt.Fprintf(&b, `<span aria-current="page">%s</span>`, esc(cat.T(v.key)))
			continue
		}
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, esc("/_preview/as?"+url.Values{"who": {v.who}, "from": {at.Path}}.Encode()), esc(cat.T(v.key)))
	}
	fmt.Fprintf(&b, `<a href="/">%s</a>`, esc(cat.T("preview.as.steps")))
	b.WriteString(`</nav>`)
	return b.String()
}

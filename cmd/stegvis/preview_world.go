package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/preview"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/runtime/web"
	"github.com/stegvis/stegvis/themes/view"
)

// The preview's enrolment over time. Every program is started for one
// preview citizen on day 0 at previewStartHour local time on
// previewStartDate, with one preview clinician responsible; day N is shown
// as at previewHour local time N days later, with the scheduler (newEngine,
// as serve and simulate run it) having run every job due until then.
const (
	previewStartDate = "2026-01-05" // a Monday
	previewStartHour = 9
	previewHour      = 12
	previewUnit      = "forhandsvisning"
	previewClinician = "behandlare"
	previewBackup    = "reserv"
	previewCitizen   = "191212121212"
)

// previewStart is day 0 of the preview's enrolments.
func previewStart() time.Time {
	d, err := time.ParseInLocation(time.DateOnly, previewStartDate, runtime.Stockholm)
	if err != nil {
		panic(err)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), previewStartHour, 0, 0, 0, runtime.Stockholm)
}

// previewNow is the time day n of an enrolment started at start is shown
// at: previewHour local time, n calendar days later (so across a change to
// or from summer time too); day 0 is never before the start itself.
func previewNow(start time.Time, n int) time.Time {
	d := runtime.AddDays(start, n)
	at := time.Date(d.Year(), d.Month(), d.Day(), previewHour, 0, 0, 0, runtime.Stockholm)
	if at.Before(start) {
		return start
	}
	return at
}

// previewWorld is the preview over time (preview.Live): a real stegvis,
// the runtime's web server over an embedded store of its own in a
// temporary folder, with the preview's bundles published, the preview
// enrolments started on day 0, and a manual clock on the day shown.
//
// What the designer writes in it (every form posted, as the citizen or
// the clinician) is recorded with its day. A new day or a new build
// starts a fresh world and replays the records of the days up to the one
// shown, each on its own day, with the scheduler run in between: going
// back in time forgets nothing, and an answer that the new build refuses
// (a form removed, a question changed) is dropped and logged.
type previewWorld struct {
	log  *slog.Logger
	lang string

	mu      sync.Mutex
	bundles []*bundle.Bundle
	day     int
	writes  []previewWrite
	cur     *world
	err     error // why the last world could not be built
	// public is each program's enrolment id as the designer's pages
	// know it: the first world's. Every later world's own ids are written
	// as these in its pages and read back from the addresses, so an open
	// page stays valid across a new day or a new build.
	public map[string]string
}

// previewWrite is one recorded post: its day, who, where, and the form.
// Enrolment ids in the path and the form are written as
// "{enrolment:PROGRAM}", as they change from world to world.
type previewWrite struct {
	Day  int
	As   string
	Path string
	Form url.Values
}

// world is one running stegvis of the preview.
type world struct {
	dir        string
	db         *embedded.Store
	store      *watchedQueue
	clock      *runtime.ManualClock
	eng        *engine
	web        *web.Server
	start      time.Time
	enrolments map[string]string // program id → enrolment id
	order      []string          // program ids, in the order of the bundles
	jar        map[string][]*http.Cookie
}

// newPreviewWorld returns the preview over time, empty until Load.
func newPreviewWorld(lang string, log *slog.Logger) *previewWorld {
	return &previewWorld{lang: lang, log: log}
}

// Day returns the day shown.
func (p *previewWorld) Day() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.day
}

// Load replaces the bundles and builds the world again.
func (p *previewWorld) Load(ctx context.Context, bundles []*bundle.Bundle) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bundles = slices.Clone(bundles)
	return p.rebuild(ctx)
}

// SetDay shows day n, building the world again if n is another day.
func (p *previewWorld) SetDay(ctx context.Context, n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n == p.day && p.cur != nil {
		return nil
	}
	p.day = n
	return p.rebuild(ctx)
}

// Home returns who's page for the enrolment the page at from shows (the
// citizen's pages of it, or the clinician's manage view), or else who's
// start page: the citizen's home, or the manage view of the first
// program's enrolment.
func (p *previewWorld) Home(who, from string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		return "/"
	}
	for program := range p.cur.enrolments {
		pub := p.public[program]
		manage := "/u/" + previewUnit + "/" + previewEnrolmentsArea + "/" + pub
		citizen := "/e/" + pub + "/"
		if pub == "" || !(strings.HasPrefix(from, manage) || strings.HasPrefix(from, citizen)) {
			continue
		}
		if who == preview.AsClinician {
			return manage
		}
		return citizen
	}
	return p.shown(p.cur.Home(who))
}

// previewEnrolmentsArea is the staff area of enrolments in the web's
// addresses (runtime/web areaEnrolments).
const previewEnrolmentsArea = "enrolments"

// Close removes the world.
func (p *previewWorld) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		return nil
	}
	err := p.cur.close()
	p.cur = nil
	return err
}

// rebuild starts a fresh world and replays the writes up to the day.
func (p *previewWorld) rebuild(ctx context.Context) error {
	start := time.Now()
	if p.cur != nil {
		if err := p.cur.close(); err != nil {
			p.log.Warn("preview: close the last world", "err", err)
		}
		p.cur = nil
	}
	w, err := newWorld(ctx, p.bundles, p.lang)
	if err != nil {
		p.err = err
		return err
	}
	p.cur, p.err = w, nil
	if p.public == nil {
		p.public = map[string]string{}
	}
	for program, id := range w.enrolments {
		if p.public[program] == "" {
			p.public[program] = id
		}
	}
	var kept []previewWrite
	replayed := 0
	for _, wr := range p.writes {
		if wr.Day > p.day {
			kept = append(kept, wr)
			continue
		}
		if err := w.advance(ctx, previewNow(w.start, wr.Day)); err != nil {
			return err
		}
		if err := w.replay(ctx, wr); err != nil {
			p.log.Warn("preview: an earlier answer no longer fits and is dropped", "day", wr.Day, "path", wr.Path, "err", err)
			continue
		}
		kept = append(kept, wr)
		replayed++
	}
	p.writes = kept
	if err := w.advance(ctx, previewNow(w.start, p.day)); err != nil {
		return err
	}
	p.log.Info("preview over time", "day", p.day, "programs", len(p.bundles), "replayed", replayed, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Serve serves a request of the running stegvis as who, signed in through
// the preview's own cookies (the browser's never reach the world), and
// records a post that succeeded.
func (p *previewWorld) Serve(w http.ResponseWriter, r *http.Request, who string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		msg := "no program has built yet"
		if p.err != nil {
			msg = p.err.Error()
		}
		http.Error(w, "stegvis preview: "+msg, http.StatusServiceUnavailable)
		return
	}
	cur := p.cur
	var form url.Values
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "stegvis preview: "+err.Error(), http.StatusBadRequest)
			return
		}
		form = url.Values{}
		for k, vs := range r.PostForm {
			for _, v := range vs {
				form.Add(k, p.real(v))
			}
		}
	}
	target := p.real(r.URL.RequestURI())
	res, err := cur.do(r.Context(), who, r.Method, target, form, r.Header)
	if err != nil {
		http.Error(w, "stegvis preview: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if r.Method == http.MethodPost && res.Code < 400 {
		p.writes = append(p.writes, previewWrite{Day: p.day, As: who, Path: cur.generic(target), Form: cur.genericForm(form)})
		// What the post planned for now (an immediate notification, a
		// flag) happens before the next page.
		if err := cur.advance(r.Context(), cur.clock.Now()); err != nil {
			p.log.Warn("preview: run the scheduler", "err", err)
		}
	}
	for k, v := range res.Header() {
		if k == "Set-Cookie" {
			continue
		}
		w.Header()[k] = v
	}
	if loc := res.Header().Get("Location"); loc != "" {
		w.Header().Set("Location", p.shown(loc))
	}
	body := res.Body.Bytes()
	if ct := res.Header().Get("Content-Type"); strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") {
		body = []byte(p.shown(string(body)))
		w.Header().Del("Content-Length")
	}
	w.WriteHeader(res.Code)
	w.Write(body)
}

// real writes the current world's enrolment ids in place of the public
// ones in s.
func (p *previewWorld) real(s string) string {
	for program, pub := range p.public {
		if id := p.cur.enrolments[program]; id != "" && id != pub {
			s = strings.ReplaceAll(s, pub, id)
		}
	}
	return s
}

// shown writes the public enrolment ids in place of the current world's
// in s.
func (p *previewWorld) shown(s string) string {
	for program, pub := range p.public {
		if id := p.cur.enrolments[program]; id != "" && id != pub {
			s = strings.ReplaceAll(s, id, pub)
		}
	}
	return s
}

// Answer posts the answers the designer gave in the steps view to the
// step in the running program, as the preview citizen on the day shown,
// and keeps them with the other writes when the program takes them (the
// step's module must be open then); otherwise it says why in the log.
func (p *previewWorld) Answer(ctx context.Context, program, module, step string, form url.Values) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil || p.cur.enrolments[program] == "" {
		return
	}
	clean := url.Values{}
	for k, vs := range form {
		if k != view.CSRFField && k != view.KeyField {
			clean[k] = vs
		}
	}
	wr := previewWrite{Day: p.day, As: preview.AsCitizen,
		Path: "/e/{enrolment:" + program + "}/m/" + url.PathEscape(module) + "/" + url.PathEscape(step), Form: clean}
	if err := p.cur.replay(ctx, wr); err != nil {
		p.log.Info("preview: the running program did not take the answers", "program", program, "step", module+"/"+step, "day", p.day, "err", err)
		return
	}
	p.writes = append(p.writes, wr)
}

// newWorld builds a world over a fresh embedded store: the bundles
// published, the unit with the preview clinician and a backup, the
// preview citizen enrolled in every program on day 0.
func newWorld(ctx context.Context, bundles []*bundle.Bundle, lang string) (_ *world, err error) {
	dir, err := os.MkdirTemp("", "stegvis-preview-")
	if err != nil {
		return nil, err
	}
	w := &world{dir: dir, start: previewStart(), enrolments: map[string]string{}, jar: map[string][]*http.Cookie{}}
	defer func() {
		if err != nil {
			w.close()
		}
	}()
	if w.db, err = embedded.Open(filepath.Join(dir, "preview.db")); err != nil {
		return nil, err
	}
	w.clock = runtime.NewManualClock(w.start)
	w.store = &watchedQueue{Store: w.db, due: map[string]time.Time{}}
	quiet := slog.New(slog.DiscardHandler)
	// The inbox only: what the courier would put in the citizen's and
	// the staff's inboxes.
	courier := &runtime.Courier{Inbox: w.store, Directory: w.store, Queue: w.store, Log: quiet}
	w.eng = newEngine(w.store, w.clock.Now, courier, quiet)
	w.eng.Scheduler.Workers = 1
	if err := seedPreviewUnit(ctx, w.store); err != nil {
		return nil, err
	}
	programs := runtime.NewPrograms(w.store, 0)
	for _, b := range bundles {
		pub, err := publish.Bundle(ctx, w.store, b, bundle.ManifestBytes(b.Manifest), "preview", w.start)
		if err != nil {
			return nil, fmt.Errorf("preview: publish %s: %w", b.Program.ID, err)
		}
		prog, err := programs.Program(ctx, pub.Bundle)
		if err != nil {
			return nil, fmt.Errorf("preview: read %s: %w", b.Program.ID, err)
		}
		e, err := w.eng.Enrolments.Start(ctx, runtime.StartInput{Program: prog, Bundle: pub.Bundle, Unit: previewUnit,
			Citizen: previewCitizen, CitizenName: "Tolvan Tolvansson", Clinician: previewClinician,
			Actor: runtime.Actor{ID: previewClinician, Role: runtime.RoleClinician}})
		if err != nil {
			return nil, fmt.Errorf("preview: start %s: %w", b.Program.ID, err)
		}
		w.enrolments[b.Program.ID] = e.ID
		w.order = append(w.order, b.Program.ID)
	}
	id, err := web.NewDevIdentity(w.store, true, lang, nil)
	if err != nil {
		return nil, err
	}
	w.web, err = web.New(web.Config{Store: w.store, Identity: id, Lang: lang, Logger: quiet, Now: w.clock.Now,
		MaxInFlight: -1, MaxQueueDelay: -1, AfterAppend: w.eng.Planner.AfterAppend, Notifier: courier})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// seedPreviewUnit writes the preview's unit, its clinician and backup
// clinician, and its citizen; nobody has e-mail or SMS, so what the
// courier delivers lands in the inboxes.
func seedPreviewUnit(ctx context.Context, store runtime.Store) error {
	if err := store.PutUnit(ctx, runtime.Unit{ID: previewUnit, Name: "Förhandsvisning", Backup: []string{previewBackup}}); err != nil {
		return err
	}
	for _, id := range []string{previewClinician, previewBackup} {
		name := map[string]string{previewClinician: "Kim Lind", previewBackup: "Sam Ek"}[id]
		if err := store.PutStaff(ctx, runtime.Staff{ID: id, Name: name}); err != nil {
			return err
		}
		if err := store.SetRoles(ctx, id, previewUnit, []runtime.Role{runtime.RoleClinician}); err != nil {
			return err
		}
	}
	return store.PutCitizen(ctx, runtime.Citizen{PNR: previewCitizen, Name: "Tolvan Tolvansson"})
}

// advance runs every job due until to, moving the clock from one due job
// to the next as simulate does, and leaves the clock at to.
func (w *world) advance(ctx context.Context, to time.Time) error {
	for {
		due, ok := w.store.next()
		if !ok || due.After(to) {
			break
		}
		if due.Before(w.clock.Now()) {
			due = w.clock.Now()
		}
		w.clock.Set(due)
		ran, err := w.eng.Scheduler.RunDue(ctx, due)
		if err != nil {
			return err
		}
		if ran == 0 {
			// A job due but not run (leased, or already done): stop
			// rather than spin; the clock moves on.
			if next, ok := w.store.next(); ok && !next.After(due) {
				break
			}
		}
	}
	if to.After(w.clock.Now()) {
		w.clock.Set(to)
	}
	_, err := w.eng.Scheduler.RunDue(ctx, w.clock.Now())
	return err
}

// do serves one request inside the world as who, signing who in first
// when the jar has no session.
func (w *world) do(ctx context.Context, who, method, target string, form url.Values, header http.Header) (*httptest.ResponseRecorder, error) {
	if len(w.jar[who]) == 0 {
		if err := w.signIn(ctx, who); err != nil {
			return nil, err
		}
	}
	res := w.call(ctx, who, method, target, form, header)
	if res.Code == http.StatusSeeOther || res.Code == http.StatusFound {
		if loc := res.Header().Get("Location"); strings.HasPrefix(loc, "/signin") {
			// The session ended (signed out): sign in again.
			w.jar[who] = nil
			if err := w.signIn(ctx, who); err != nil {
				return nil, err
			}
			if method == http.MethodGet {
				res = w.call(ctx, who, method, target, form, header)
			}
		}
	}
	return res, nil
}

// call serves one request with who's cookies and keeps the cookies set.
func (w *world) call(ctx context.Context, who, method, target string, form url.Values, header http.Header) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequestWithContext(ctx, method, target, body)
	for _, k := range []string{"Accept-Language", "Accept"} {
		if v := header.Get(k); v != "" {
			req.Header.Set(k, v)
		}
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range w.jar[who] {
		req.AddCookie(c)
	}
	res := httptest.NewRecorder()
	w.web.ServeHTTP(res, req)
	w.keep(who, res.Result().Cookies())
	return res
}

// keep puts the cookies a response set into who's jar.
func (w *world) keep(who string, set []*http.Cookie) {
	for _, c := range set {
		w.jar[who] = slices.DeleteFunc(w.jar[who], func(o *http.Cookie) bool { return o.Name == c.Name })
		if c.MaxAge >= 0 && c.Value != "" {
			w.jar[who] = append(w.jar[who], &http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
}

// csrfValue finds the session's token in a page's forms.
var csrfValue = regexp.MustCompile(`name="` + view.CSRFField + `" value="([^"]+)"`)

// token returns the CSRF token of who's session, read from a page.
func (w *world) token(ctx context.Context, who, page string) (string, error) {
	res := w.call(ctx, who, http.MethodGet, page, nil, http.Header{})
	m := csrfValue.FindSubmatch(res.Body.Bytes())
	if m == nil {
		return "", fmt.Errorf("preview: no form token on %s (%d)", page, res.Code)
	}
	return string(m[1]), nil
}

// signIn signs who in through the development sign-in, as a browser would.
func (w *world) signIn(ctx context.Context, who string) error {
	tok, err := w.token(ctx, who, "/signin")
	if err != nil {
		return err
	}
	user := previewCitizen
	if who == preview.AsClinician {
		user = previewClinician
	}
	res := w.call(ctx, who, http.MethodPost, "/signin/callback", url.Values{view.CSRFField: {tok}, "user": {user}}, http.Header{})
	if res.Code >= 400 {
		return fmt.Errorf("preview: sign in as %s: %d %s", who, res.Code, firstLine(res.Body.Bytes()))
	}
	return nil
}

// replay posts a recorded write again in this world, with this world's
// enrolment ids and who's current token. A step's form is taken when the
// answer sends back to the step (a gate, such as a battery due, sends to
// the overview instead).
func (w *world) replay(ctx context.Context, wr previewWrite) error {
	if len(w.jar[wr.As]) == 0 {
		if err := w.signIn(ctx, wr.As); err != nil {
			return err
		}
	}
	path := w.specific(wr.Path)
	if strings.Contains(path, "{enrolment:") {
		return errors.New("the program is no longer in the preview")
	}
	tok, err := w.token(ctx, wr.As, w.Home(wr.As))
	if err != nil {
		return err
	}
	form := url.Values{}
	for k, vs := range wr.Form {
		for _, v := range vs {
			form.Add(k, w.specific(v))
		}
	}
	form.Set(view.CSRFField, tok)
	res := w.call(ctx, wr.As, http.MethodPost, path, form, http.Header{})
	if res.Code >= 400 {
		return fmt.Errorf("%d %s", res.Code, firstLine(res.Body.Bytes()))
	}
	// A page that shows the form again with its errors is a refusal too.
	if res.Code == http.StatusOK && bytes.Contains(res.Body.Bytes(), []byte(`aria-invalid="true"`)) {
		return errors.New("the form was refused")
	}
	if _, rest, ok := strings.Cut(path, "/m/"); ok && strings.Count(rest, "/") == 1 {
		if loc := res.Header().Get("Location"); res.Code == http.StatusSeeOther && loc != path {
			return fmt.Errorf("not taken now: the step sends on to %s", loc)
		}
	}
	return w.advance(ctx, w.clock.Now())
}

// Home is who's start page in this world.
func (w *world) Home(who string) string {
	if who == preview.AsClinician && len(w.order) > 0 {
		return "/u/" + previewUnit + "/" + previewEnrolmentsArea + "/" + w.enrolments[w.order[0]]
	}
	return "/home"
}

// generic writes this world's enrolment ids in s as placeholders.
func (w *world) generic(s string) string {
	for program, id := range w.enrolments {
		s = strings.ReplaceAll(s, id, "{enrolment:"+program+"}")
	}
	return s
}

// specific writes this world's enrolment ids in place of placeholders.
func (w *world) specific(s string) string {
	for program, id := range w.enrolments {
		s = strings.ReplaceAll(s, "{enrolment:"+program+"}", id)
	}
	return s
}

// genericForm is the form with placeholders for enrolment ids.
func (w *world) genericForm(form url.Values) url.Values {
	out := url.Values{}
	for k, vs := range form {
		for _, v := range vs {
			out.Add(k, w.generic(v))
		}
	}
	return out
}

// close closes the store and removes its folder.
func (w *world) close() error {
	var err error
	if w.db != nil {
		err = w.db.Close()
	}
	return errors.Join(err, os.RemoveAll(w.dir))
}

// firstLine is the first line of a body, for an error.
func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

package web

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// TestSnapshots writes the main pages, in the states worth checking, as
// HTML files under $WEB_SNAPSHOT_DIR with the stylesheet and script beside
// them, for a look in a browser or an accessibility checker (axe-core):
//
//	WEB_SNAPSHOT_DIR=/tmp/pages go test -run TestSnapshots ./runtime/web/
//
// Without the variable it does nothing.
func TestSnapshots(t *testing.T) {
	dir := os.Getenv("WEB_SNAPSHOT_DIR")
	if dir == "" {
		t.Skip("WEB_SNAPSHOT_DIR not set")
	}
	e := newEnv(t)
	id := e.enrolment(tolvan)
	base := "/e/" + id
	cit := e.signIn(tolvan)
	pages := map[string]string{}
	save := func(name, body string) { pages[name] = body }

	save("citizen-overview-first-visit", cit.get(base).Body.String())
	save("citizen-home", cit.get("/home").Body.String())
	save("citizen-guide", cit.get(base+"/guide").Body.String())
	save("citizen-step-text", cit.get(base+"/m/om-somn/vad-ar-somn").Body.String())
	save("citizen-step-media", cit.get(base+"/m/om-somn/film").Body.String())
	save("citizen-form", cit.get(base+"/m/om-somn/kartlaggning").Body.String())
	save("citizen-form-errors", cit.post(base+"/m/om-somn/kartlaggning", url.Values{"q.trott": {"11"}, "q.somntid.h": {"x"}, "q.koffein": {"-1"}}).Body.String())
	cit.post(base+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"oro"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	save("citizen-form-submitted", cit.follow(base+"/m/om-somn/kartlaggning").Body.String())
	save("citizen-overview", cit.get(base).Body.String())
	save("error-404", cit.get("/e/nosuch").Body.String())

	anna := e.signIn("anna")
	save("staff-mine", anna.get(south+"/mine").Body.String())
	save("staff-all", anna.get(south+"/all").Body.String())
	save("staff-ended", anna.get(south+"/ended").Body.String())
	save("staff-manage", anna.get(south+"/enrolments/"+id).Body.String())
	save("staff-start", anna.get(south+"/start").Body.String())
	save("staff-start-errors", anna.post(south+"/start", url.Values{"pnr": {"19121212-1213"}}).Body.String())

	minor := publishVersion(t, e, "1.1", func(_ *designer.Program, files map[string][]byte) {
		files["steps/om-somn/grunder/vad-ar-somn.html"] = []byte("<p>Ny text.</p>")
	})
	admin := e.signIn("cecilia")
	save("admin-programs", admin.get(south+"/programs").Body.String())
	admin.post(south+"/programs/sov-battre/activate", url.Values{"bundle": {minor.Bundle}})
	save("admin-rollout", admin.get(south+"/programs/sov-battre/rollout").Body.String())
	save("admin-units", admin.follow("/staff").Body.String())
	save("signin", e.anon().get("/signin").Body.String())

	static := filepath.Join(dir, "static")
	if err := os.MkdirAll(static, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app.css", "app.js"} {
		u := e.srv.tpl.Assets().URL(name)
		if err := os.WriteFile(filepath.Join(dir, u), e.anon().get(u).Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel := regexp.MustCompile(`(href|src)="/static/`)
	for name, body := range pages {
		body = rel.ReplaceAllString(body, `$1="static/`)
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d pages to %s", len(pages), dir)
}

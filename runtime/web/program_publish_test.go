package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/runtime/demo"
)

// demoZip zips the demo program at version, changed by edit.
func demoZip(t *testing.T, version string, edit func(*designer.Program)) (*bundle.Bundle, []byte) {
	t.Helper()
	p, files, err := demo.Program()
	if err != nil {
		t.Fatal(err)
	}
	p.Version = version
	if edit != nil {
		edit(p)
	}
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	files[designer.ProgramFile] = pj
	b := bundle.New(p, files)
	var buf bytes.Buffer
	if err := b.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	return b, buf.Bytes()
}

// upload posts a file as the bundle field of a multipart form.
func (c *client) upload(path, csrf string, file []byte) *httptest.ResponseRecorder {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf != "" {
		if err := mw.WriteField("csrf", csrf); err != nil {
			c.e.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("bundle", "paket.zip")
	if err != nil {
		c.e.t.Fatal(err)
	}
	fw.Write(file)
	mw.Close()
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	c.e.srv.ServeHTTP(w, req)
	return w
}

func TestPublishBundleUpload(t *testing.T) {
	e := newEnv(t)
	admin := e.signIn("cecilia")
	mustContain(t, admin.get(south+"/programs").Body.String(), `enctype="multipart/form-data"`, "Publicera en ny version")
	// The unit publishes a variant of its own: the demo program is the
	// operator's, and a unit may not publish its versions.
	own := func(p *designer.Program) { p.ID = "sov-syd" }
	b, zip := demoZip(t, "1.7", own)
	_, other := demoZip(t, "1.7", func(p *designer.Program) { own(p); p.Title = "Sov ännu bättre" })
	corrupt := bytes.Clone(zip)
	corrupt[len(corrupt)/2] ^= 0xff

	tests := []struct {
		name   string
		user   string
		csrf   bool
		file   []byte
		status int
		want   string
	}{
		{"publishes a built bundle", "cecilia", true, zip, http.StatusSeeOther, ""},
		{"again is no change", "cecilia", true, zip, http.StatusSeeOther, ""},
		{"same version, other content", "cecilia", true, other, http.StatusConflict, "E409-VERSION"},
		{"a changed zip", "cecilia", true, corrupt, http.StatusUnprocessableEntity, "E422-BUNDLE"},
		{"not a zip at all", "cecilia", true, []byte("hej"), http.StatusUnprocessableEntity, "E422-BUNDLE"},
		{"without the CSRF token", "cecilia", false, zip, http.StatusForbidden, "E403-CSRF"},
		{"a clinician may not", "anna", true, zip, http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := admin
			if tt.user != "cecilia" {
				c = e.signIn(tt.user)
			}
			token := ""
			if tt.csrf {
				token = c.csrf
			}
			w := c.upload(south+"/programs/publish", token, tt.file)
			if w.Code != tt.status && !(tt.user != "cecilia" && w.Code == http.StatusForbidden) {
				t.Fatalf("= %d, want %d:\n%s", w.Code, tt.status, w.Body)
			}
			if tt.want != "" {
				mustContain(t, w.Body.String(), tt.want)
			}
		})
	}
	pubs, err := e.store.Publications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range pubs {
		found = found || p.Bundle == b.Name && p.PublishedBy == "cecilia"
	}
	if !found {
		t.Errorf("%s is not published by cecilia: %+v", b.Name, pubs)
	}
	mustContain(t, admin.follow(south+"/programs").Body.String(), "1.7")
}

// TestPublishRefusesPrograms uploads what a built bundle never holds, and
// another publisher's program: each is refused on the programs page with
// its reason, and nothing of it can be activated.
func TestPublishRefusesPrograms(t *testing.T) {
	e := newEnv(t)
	admin := e.signIn("cecilia")
	north := "/u/" + demo.UnitNorth
	id := func(v string) func(*designer.Program) { return func(p *designer.Program) { p.ID = v } }
	tests := []struct {
		name   string
		unit   string
		edit   func(*designer.Program)
		status int
		want   []string
	}{
		{"an empty id", south, id(""), http.StatusUnprocessableEntity, []string{"E422-PROGRAM", "programmets id"}},
		{"an id with a space", south, id("Evil Id"), http.StatusUnprocessableEntity, []string{"E422-PROGRAM", "Evil Id"}},
		{"an id with markup", south, id(`<img src=x onerror=alert(1)>`), http.StatusUnprocessableEntity, []string{"E422-PROGRAM", "&lt;img src=x"}},
		{"an empty version", south, func(p *designer.Program) { p.ID, p.Version = "egen", "" }, http.StatusUnprocessableEntity, []string{"E422-PROGRAM", "HUVUD.DEL"}},
		{"version x.y.z", south, func(p *designer.Program) { p.ID, p.Version = "egen", "x.y.z" }, http.StatusUnprocessableEntity, []string{"E422-PROGRAM", "x.y.z"}},
		{"a form that is not there", south, func(p *designer.Program) { p.ID = "egen"; p.Forms = nil }, http.StatusUnprocessableEntity, []string{"E422-PROGRAM", "formuläret"}},
		{"the operator's program", south, nil, http.StatusForbidden, []string{"E403-PUBLISHER", "bara den som publicerade det först"}},
		{"the unit's own program", south, id("egen"), http.StatusSeeOther, nil},
		{"another unit's program", north, func(p *designer.Program) { p.ID, p.Version = "egen", "1.8" }, http.StatusForbidden, []string{"E403-PUBLISHER"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, zip := demoZip(t, "1.7", tt.edit)
			w := admin.upload(tt.unit+"/programs/publish", admin.csrf, zip)
			if w.Code != tt.status {
				t.Fatalf("= %d, want %d:\n%s", w.Code, tt.status, w.Body)
			}
			body := w.Body.String()
			if tt.want != nil {
				mustContain(t, body, append(tt.want, "Versionen publicerades inte", `enctype="multipart/form-data"`)...)
			}
			if strings.Contains(body, "<img src=x") {
				t.Error("the id reached the page unescaped")
			}
		})
	}
	pubs, err := e.store.Publications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pubs {
		if p.Program != "sov-battre" && p.Program != "egen" {
			t.Errorf("published %+v", p)
		}
		if p.Program == "egen" && p.Unit != demo.UnitSouth {
			t.Errorf("egen published for %q", p.Unit)
		}
	}

	t.Run("activating an empty or unknown id", func(t *testing.T) {
		for _, path := range []string{
			south + "/programs//activate", south + "/programs/Evil%20Id/activate", south + "/programs/nope/activate",
		} {
			for _, bundle := range []string{"@1.7+0123456789ab", "Evil Id@1.7+0123456789ab", "nope@1.0+0123456789ab", ""} {
				w := admin.post(path, url.Values{"bundle": {bundle}})
				if w.Code != http.StatusNotFound && w.Code != http.StatusBadRequest {
					t.Errorf("POST %s bundle=%q = %d, want 404 or 400", path, bundle, w.Code)
				}
			}
		}
	})
}

package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
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
	b, zip := demoZip(t, "1.7", nil)
	_, other := demoZip(t, "1.7", func(p *designer.Program) { p.Title = "Sov ännu bättre" })
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

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/embedded"
)

// FuzzFormPost posts arbitrary urlencoded and multipart bodies to a form's
// draft, the way the web decodes what a citizen types into answers: the
// server answers every one without a server error.
func FuzzFormPost(f *testing.F) {
	store, err := embedded.Open(filepath.Join(f.TempDir(), "stegvis.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := demo.Seed(context.Background(), store, now); err != nil {
		f.Fatal(err)
	}
	id, err := NewDevIdentity(store, true, "sv", demo.Choices())
	if err != nil {
		f.Fatal(err)
	}
	srv, err := New(Config{Store: store, Identity: id, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	es, err := store.Enrolments(context.Background(), runtime.ByCitizen(tolvan))
	if err != nil || len(es) == 0 {
		f.Fatalf("no enrolment of %s: %v", tolvan, err)
	}
	path := "/e/" + es[0].ID + "/m/om-somn/kartlaggning"

	cookies := map[string]*http.Cookie{}
	csrf := ""
	do := func(method, target, ctype, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Accept", "application/json")
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		for _, ck := range w.Result().Cookies() {
			cookies[ck.Name] = ck
		}
		if m := csrfRE.FindStringSubmatch(w.Body.String()); m != nil {
			csrf = m[1]
		}
		return w
	}
	do("GET", "/signin", "", "")
	do("POST", "/signin/callback", "application/x-www-form-urlencoded", url.Values{"user": {tolvan}, "csrf": {csrf}}.Encode())
	if w := do("GET", path, "", ""); w.Code != http.StatusOK || csrf == "" {
		f.Fatalf("form page = %d, csrf %q", w.Code, csrf)
	}

	part := func(name, value string) string {
		return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	f.Add(false, "q.trott=4&q.koffein=abc")
	f.Add(false, "q.kvalitet=1&q.stor=buller&q.stor=buller&q.somntid.h=7&q.somntid.m=x&q.varfor=%00%ff")
	f.Add(false, "q.trott=99999999999999999999999&q.nosuch=1&q.=&=&&%zz")
	f.Add(true, part("q.trott", "4")+part("q.varfor", "Min hund 🐶")+"--B--\r\n")
	f.Add(true, "--B\r\nContent-Disposition: form-data; name=\"q.varfor\"; filename=\"x.html\"\r\n\r\n<script>\r\n--B--\r\n")
	f.Add(true, "no boundary here")
	f.Fuzz(func(t *testing.T, multipart bool, body string) {
		var w *httptest.ResponseRecorder
		if multipart {
			w = do("POST", path+"/draft", "multipart/form-data; boundary=B", part("csrf", csrf)+body)
		} else {
			w = do("POST", path+"/draft", "application/x-www-form-urlencoded", "csrf="+url.QueryEscape(csrf)+"&"+body)
		}
		if w.Code >= 500 {
			t.Fatalf("multipart %v, body %q: %d\n%s", multipart, body, w.Code, w.Body)
		}
	})
}

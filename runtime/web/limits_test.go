package web

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

// countingBody is a request body of n bytes that counts what is read of it.
type countingBody struct {
	n, read int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.read >= b.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), b.n-b.read)
	for i := range k {
		p[i] = 'a'
	}
	atomic.AddInt64(&b.read, k)
	return int(k), nil
}

// postBig posts a body of n bytes of the given type, saying its length.
func (c *client) postBig(path, contentType string, n int64) (*httptest.ResponseRecorder, int64) {
	body := &countingBody{n: n}
	req := httptest.NewRequest("POST", path, body)
	req.ContentLength = n
	req.Header.Set("Content-Type", contentType)
	return c.send(req), atomic.LoadInt64(&body.read)
}

// send serves req with the client's cookies, as is.
func (c *client) send(req *http.Request) *httptest.ResponseRecorder {
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	c.e.srv.ServeHTTP(w, req)
	return w
}

// TestBodyLimits checks that bodies over a route's limit are refused with
// 413 before they are read, that a body is not read before the session is
// known, and that only the bundle upload takes multipart.
func TestBodyLimits(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	step := "/e/" + id + "/m/om-somn/kartlaggning"
	tolv := e.signIn(tolvan)
	tolv.get(step)
	admin := e.signIn("cecilia")
	admin.get(south + "/programs")

	tests := []struct {
		name   string
		c      *client
		path   string
		ctype  string
		n      int64
		status int
	}{
		{"signed out, 100 MB to sign-out", e.anon(), "/signout", "application/x-www-form-urlencoded", 100 << 20, http.StatusForbidden},
		{"signed out, 100 MB multipart to sign-out", e.anon(), "/signout", "multipart/form-data; boundary=x", 100 << 20, http.StatusForbidden},
		{"signed in, 100 MB form", tolv, step + "/draft", "application/x-www-form-urlencoded", 100 << 20, http.StatusRequestEntityTooLarge},
		{"signed in, form just over the limit", tolv, step, "application/x-www-form-urlencoded", maxForm + 1, http.StatusRequestEntityTooLarge},
		{"multipart draft", tolv, step + "/draft", "multipart/form-data; boundary=x", 10 << 20, http.StatusUnsupportedMediaType},
		{"multipart to the start page", admin, south + "/start", "multipart/form-data; boundary=x", 1000, http.StatusUnsupportedMediaType},
		{"other type", tolv, step + "/draft", "application/json", 1000, http.StatusUnsupportedMediaType},
		{"upload over its limit", admin, publishURL(demo.UnitSouth), "multipart/form-data; boundary=x", maxUpload + 1, http.StatusRequestEntityTooLarge},
		{"upload by a citizen", tolv, publishURL(demo.UnitSouth), "multipart/form-data; boundary=x", 1000, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, read := tt.c.postBig(tt.path, tt.ctype, tt.n)
			if w.Code != tt.status {
				t.Errorf("= %d, want %d", w.Code, tt.status)
			}
			if read != 0 {
				t.Errorf("%d bytes read before refusing", read)
			}
		})
	}
	if d := e.load(id).Drafts; len(d) != 0 {
		t.Errorf("drafts stored: %v", d)
	}

	t.Run("a form without a stated length is cut at the limit", func(t *testing.T) {
		body := strings.NewReader("csrf=" + tolv.csrf + "&q.varfor=" + strings.Repeat("a", maxForm))
		req := httptest.NewRequest("POST", step+"/draft", io.NopCloser(body))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w := tolv.send(req); w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("= %d", w.Code)
		}
	})
	t.Run("the bundle upload still takes multipart", func(t *testing.T) {
		w := admin.upload(publishURL(demo.UnitSouth), admin.csrf, []byte("not a zip"))
		if w.Code != http.StatusUnprocessableEntity { // read, and refused as no bundle
			t.Errorf("= %d:\n%s", w.Code, w.Body)
		}
	})
}

// TestTextLimitsShown checks that text over the runtime's limits is refused
// with a page that keeps what was typed.
func TestTextLimitsShown(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	step := "/e/" + id + "/m/om-somn/kartlaggning"
	tolv := e.signIn(tolvan)
	tolv.get(step)
	long := strings.Repeat("Oro ", runtime.MaxAnswerText/4) + "!"

	t.Run("draft by script", func(t *testing.T) {
		w := tolv.post(step+"/draft", url.Values{"q.varfor": {long}, "q.trott": {"4"}}, "Accept", "application/json")
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d %s", w.Code, w.Body)
		}
		var got map[string]string
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || !strings.Contains(got["message"], "10000") {
			t.Errorf("answer %s (%v)", w.Body, err)
		}
	})
	t.Run("draft without script", func(t *testing.T) {
		w := tolv.post(step+"/draft", url.Values{"q.varfor": {long}, "q.trott": {"4"}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), ">"+strings.TrimRight(long, " ")+"</textarea>", "Svaret får vara högst 10000 tecken.", `aria-invalid="true"`)
	})
	if d := e.load(id).Drafts; len(d) != 0 {
		t.Errorf("drafts stored: %v", d)
	}

	anna := e.signIn("anna")
	t.Run("citizen name", func(t *testing.T) {
		name := strings.Repeat("Lars ", 900_000/5)
		w := anna.post(south+"/start", url.Values{"pnr": {"650228-6617"}, "name": {name}, "program": {"sov-battre"}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Namnet får vara högst 200 tecken.", `value="650228-6617"`)
		if _, err := e.store.Citizen(context.Background(), "196502286617"); err == nil {
			t.Error("the citizen was stored")
		}
	})
	t.Run("welcome", func(t *testing.T) {
		text := strings.Repeat("Välkommen! ", runtime.MaxWelcome/10)
		anna.get(south + "/enrolments/" + id)
		w := anna.post(south+"/enrolments/"+id+"/welcome", url.Values{"welcome": {text}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), html.EscapeString(strings.TrimSpace(text)), "5000")
		if got := e.load(id).Welcome; got != "" {
			t.Errorf("welcome stored: %q", got)
		}
	})
}

package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

var (
	postFormRE = regexp.MustCompile(`(?s)<form method="post".*?</form>`)
	keyRE      = regexp.MustCompile(`name="idem" value="([^"]+)"`)
)

// formKeys returns the idempotency key of every form that posts on a
// page, failing for a form without one.
func formKeys(t *testing.T, page string) []string {
	t.Helper()
	var keys []string
	for _, f := range postFormRE.FindAllString(page, -1) {
		m := keyRE.FindStringSubmatch(f)
		if m == nil {
			t.Errorf("form without an idempotency key: %.200s", f)
			continue
		}
		keys = append(keys, m[1])
	}
	return keys
}

// TestEveryFormHasAKey checks that each rendered form that posts carries a
// key of its own, fresh on every render.
func TestEveryFormHasAKey(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	citizen := e.signIn(tolvan)
	anna := e.signIn("anna")
	pages := []struct {
		c    *client
		path string
	}{
		{citizen, "/e/" + id + "/m/om-somn/kartlaggning"},
		{citizen, "/e/" + id},
		{anna, south + "/enrolments/" + id},
		{anna, south + "/start"},
		{e.anon(), "/signin"},
	}
	seen := map[string]string{}
	for _, p := range pages {
		for range 2 {
			w := p.c.get(p.path)
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", p.path, w.Code)
			}
			keys := formKeys(t, w.Body.String())
			if len(keys) == 0 {
				t.Errorf("%s has no form that posts", p.path)
			}
			for _, k := range keys {
				if other, ok := seen[k]; ok {
					t.Errorf("key %s on %s is also on %s", k, p.path, other)
				}
				seen[k] = p.path
			}
		}
	}
}

// TestFormPostedTwiceAppliesOnce posts a form twice with its key, as a
// browser does that got no answer, or a user who went back and sent it
// again: one submission, one set of flags. The script's drafts carry the
// key with a number per save, so each save counts and a repeat does not.
func TestFormPostedTwiceAppliesOnce(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	path := "/e/" + id + "/m/om-somn/kartlaggning"
	keys := formKeys(t, c.get(path).Body.String())
	qform := keys[len(keys)-1]
	before := e.load(id)

	count := func(typ string) int {
		t.Helper()
		evs, err := e.store.Events(t.Context(), id, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range evs {
			if ev.Type == typ {
				n++
			}
		}
		return n
	}
	drafts := count("draft_saved")
	for i, key := range []string{qform + ".d1", qform + ".d1", qform + ".d2"} {
		w := c.post(path+"/draft", url.Values{"q.trott": {fmt.Sprint(i)}, "idem": {key}}, "Accept", "application/json")
		if w.Code != http.StatusOK {
			t.Fatalf("draft %d = %d %s", i, w.Code, w.Body)
		}
	}
	if got := count("draft_saved") - drafts; got != 2 {
		t.Errorf("%d drafts stored from three saves with two keys, want 2", got)
	}
	if d := e.load(id).Drafts[runtime.StepKey("om-somn", "kartlaggning")]; d == nil || d.Answers["trott"][0] != "2" {
		t.Errorf("draft %+v, want the last save's", d)
	}

	form := url.Values{"q.kvalitet": {"3"}, "q.trott": {"8"}, "q.somntid.h": {"5"}, "idem": {qform}}
	for i := range 2 {
		if w := c.post(path, form); w.Code != http.StatusSeeOther {
			t.Fatalf("post %d = %d:\n%s", i, w.Code, w.Body)
		}
	}
	after := e.load(id)
	if got := len(after.Submissions) - len(before.Submissions); got != 1 {
		t.Errorf("%d submissions from one form posted twice, want 1", got)
	}
	if got, want := len(after.Reviews)-len(before.Reviews), 2; got != want {
		t.Errorf("%d flags raised, want %d (once)", got, want)
	}
}

// TestBusyIs503 checks that a write that lost to other writers more often
// than the service retries answers 503 with Retry-After, not 409: nothing
// is wrong with the request, it may be sent again in a moment.
func TestBusyIs503(t *testing.T) {
	e := newEnv(t)
	r := httptest.NewRequest("POST", "/e/x/m/a/b", strings.NewReader(""))
	w := httptest.NewRecorder()
	e.srv.fail(w, r, fmt.Errorf("change x: %w", runtime.ErrConflict))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("= %d, Retry-After %q; want 503 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
}

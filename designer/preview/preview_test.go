package preview

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeProgram writes a small program with a scored form into a temp folder.
func writeProgram(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "prov")
	files := map[string]string{
		"program.yaml":                   "id: prov\nversion: \"1.0\"\ntitle: Prov\nrecommended_days: 30\nmodules:\n  - id: m\n    start: current\n",
		"modules/01-m/module.yaml":       "title: Modul\n",
		"modules/01-m/01-s/section.yaml": "title: Avsnitt\n",
		"modules/01-m/01-s/01-a.md":      "---\ntitle: Första sidan\n---\nHej och välkommen.\n",
		"modules/01-m/01-s/02-f.md":      "---\ntitle: Frågor\nform: f\n---\nSvara.\n",
		"forms/f.yaml": `title: F
questions:
  - id: q
    type: single
    text: Hur mår du?
    required: true
    options:
      - {value: "0", label: Bra}
      - {value: "3", label: Dåligt}
scores:
  - id: s
    title: Summa för måendet
    bands:
      - {min: 0, max: 1, label: Låg}
      - {min: 2, max: 3, label: Hög}
flags:
  - id: oro
    title: Oro i svaren
    when: {question: q, above: 2}
    review: true
`,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPreview(t *testing.T) {
	dir := writeProgram(t)
	srv, err := New([]string{dir}, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := ts.Client()

	t.Run("overview lists the steps", func(t *testing.T) {
		code, body := get(t, c, ts.URL+"/p/prov/")
		if code != 200 || !strings.Contains(body, "/p/prov/steg/m/a") || !strings.Contains(body, "Första sidan") {
			t.Fatalf("%d %s", code, body)
		}
	})
	t.Run("a step shows its text", func(t *testing.T) {
		_, body := get(t, c, ts.URL+"/p/prov/steg/m/a")
		if !strings.Contains(body, "Hej och välkommen.") || !strings.Contains(body, "/_preview/events") {
			t.Fatal(body)
		}
	})
	t.Run("a form keeps what was typed and says what is wrong", func(t *testing.T) {
		resp, err := c.PostForm(ts.URL+"/p/prov/steg/m/f", url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
	})
	t.Run("answers show scores and flags", func(t *testing.T) {
		resp, err := c.PostForm(ts.URL+"/p/prov/steg/m/f", url.Values{"q.q": {"3"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// Scores and flags by their titles, as clinicians will see them.
		for _, want := range []string{"Summa för måendet 3 (Hög)", "Oro i svaren", " checked"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("page after submit lacks %q", want)
			}
		}
	})
	t.Run("a save reloads open pages; an error shows as an overlay", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/_preview/events", nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		events := bufio.NewReader(resp.Body)
		if _, err := events.ReadString('\n'); err != nil { // retry:
			t.Fatal(err)
		}
		step := filepath.Join(dir, "modules/01-m/01-s/01-a.md")
		if err := os.WriteFile(step, []byte("---\ntitel: Första sidan\n---\nHej.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Rebuild(srv.programs[0]); err != nil {
			t.Fatal(err)
		}
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if line == "data: reload\n" {
				break
			}
		}
		_, body := get(t, c, ts.URL+"/p/prov/steg/m/a")
		if !strings.Contains(body, "stegvis-overlay") || !strings.Contains(body, "01-a.md:2:1: fel: okänd nyckel &#34;titel&#34;") {
			t.Fatalf("no overlay with the error:\n%s", body)
		}
		if !strings.Contains(body, "Hej och välkommen.") {
			t.Error("the page should keep showing the last version that built")
		}
	})
}

func TestWatchRebuildsOnSave(t *testing.T) {
	dir := writeProgram(t)
	srv, err := New([]string{dir}, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Watch(ctx)
	select {
	case <-srv.Watching():
	case <-time.After(5 * time.Second):
		t.Fatal("the watcher was not watching within 5 s")
	}
	// Listen as an open page does: every rebuild sends on the channel.
	reload := make(chan struct{}, 1)
	srv.mu.Lock()
	srv.watchers[reload] = true
	srv.mu.Unlock()
	if err := os.WriteFile(filepath.Join(dir, "modules/01-m/01-s/01-a.md"), []byte("---\ntitle: Ny\n---\nNy text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case <-reload:
			// A save can be several events, and so several rebuilds.
			if b, _ := srv.programs[0].state(); b != nil && strings.Contains(string(b.Files["steps/m/s/a.html"]), "Ny text.") {
				return
			}
		case <-deadline:
			t.Fatal("the save was not rebuilt within 5 s")
		}
	}
}

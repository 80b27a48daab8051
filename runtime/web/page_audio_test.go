package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/runtime"
)

// readAloud is a store whose bundles have the demo's first text page read
// aloud: program.json gives the step "audio:" and lists the recording, a
// test fixture, among the media.
type readAloud struct {
	runtime.Store
}

const aloudFile = "media/las-0a1b2c3d.mp3"

// aloudBytes stands in for a recording: the handler serves bytes, and
// which bytes they are does not matter to it.
var aloudBytes = bytes.Repeat([]byte("ID3 fixture "), 100)

func (s readAloud) BundleFile(ctx context.Context, name, path string) ([]byte, error) {
	if path == aloudFile {
		return aloudBytes, nil
	}
	b, err := s.Store.BundleFile(ctx, name, path)
	if err != nil || path != designer.ProgramFile {
		return b, err
	}
	var p designer.Program
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	_, _, st, ok := p.Step("om-somn", "vad-ar-somn")
	if !ok {
		return nil, runtime.ErrNotFound
	}
	st.Audio = "media/las.mp3"
	p.Media = append(p.Media, &designer.MediaFile{Name: "media/las.mp3", Path: aloudFile, Type: "audio/mpeg"})
	return bundle.ProgramBytes(&p)
}

// TestPageAudio shows a text page with its recording: a native player
// labelled "Lyssna" that loads nothing until played, and the file served
// with its type and in ranges, so a player can seek.
func TestPageAudio(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Store = readAloud{Store: c.Store} })
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	base := "/e/" + id
	page := c.get(base + "/m/om-somn/vad-ar-somn")
	if page.Code != http.StatusOK {
		t.Fatalf("= %d", page.Code)
	}
	mustContain(t, page.Body.String(), `<p class="page-audio-label" id="page-audio-label">Lyssna</p>`,
		`<audio controls preload="none" src="`+base+`/media/las-0a1b2c3d.mp3" aria-labelledby="page-audio-label">`,
		"Sömn är kroppens")
	mustNotContain(t, c.get(base+"/m/om-somn/film").Body.String(), "page-audio")

	w := c.do("GET", base+"/media/las-0a1b2c3d.mp3", nil, "Range", "bytes=12-23")
	if w.Code != http.StatusPartialContent {
		t.Fatalf("range = %d", w.Code)
	}
	if got := w.Header().Get("Content-Type"); got != "audio/mpeg" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := w.Body.String(); got != "ID3 fixture " {
		t.Errorf("range body %q", got)
	}
	if got := w.Header().Get("Content-Range"); !strings.HasPrefix(got, "bytes 12-23/") {
		t.Errorf("Content-Range = %q", got)
	}
	if w := c.get(base + "/media/las-0a1b2c3d.mp3"); w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), aloudBytes) || w.Header().Get("Accept-Ranges") != "bytes" {
		t.Errorf("whole file = %d, Accept-Ranges %q", w.Code, w.Header().Get("Accept-Ranges"))
	}
}

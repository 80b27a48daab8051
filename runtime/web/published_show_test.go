package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

// TestShowPublished reads the latest published program.json and manifest
// of a program without signing in, as `stegvis build --previous URL` does.
func TestShowPublished(t *testing.T) {
	e := newEnv(t)
	pubs, err := e.store.Publications(context.Background())
	if err != nil || len(pubs) == 0 {
		t.Fatalf("no publications: %v", err)
	}
	program := pubs[0].Program
	latest, err := runtime.LatestPublication(context.Background(), e.store, program)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		status     int
	}{
		{"program", "/published/" + program + "/program.json", http.StatusOK},
		{"manifest", "/published/" + program + "/manifest.json", http.StatusOK},
		{"unknown program", "/published/borta/program.json", http.StatusNotFound},
		{"other file", "/published/" + program + "/steps.json", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := e.anon().get(tt.path)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			if tt.status != http.StatusOK {
				return
			}
			if got := w.Header().Get("X-Stegvis-Bundle"); got != latest.Bundle {
				t.Errorf("bundle %q, want %q", got, latest.Bundle)
			}
			if !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", w.Header().Get("Content-Type"))
			}
			var m struct {
				ID      string `json:"id"`
				Program string `json:"program"`
				Version string `json:"version"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			if m.ID != program && m.Program != program || m.Version != latest.Version {
				t.Errorf("served %+v, want %s %s", m, program, latest.Version)
			}
		})
	}
}

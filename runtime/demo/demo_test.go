package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/themes"
)

func TestSeedTwice(t *testing.T) {
	ctx := context.Background()
	store, err := embedded.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for range 2 {
		if err := Seed(ctx, store, now); err != nil {
			t.Fatal(err)
		}
	}
	es, err := store.Enrolments(ctx, runtime.ByUnit(UnitSouth))
	if err != nil || len(es) != 3 {
		t.Fatalf("%d enrolments on the south unit (%v), want 3", len(es), err)
	}
	st, err := store.Staff(ctx, "bertil")
	if err != nil || !st.HasRole(UnitSouth, runtime.RoleCitizenAdmin) {
		t.Errorf("bertil %+v %v", st, err)
	}
	for _, c := range Citizens {
		if _, err := runtime.ParsePnr(c.PNR, now); err != nil {
			t.Errorf("demo citizen %s: %v", c.Name, err)
		}
	}
	if len(Choices()) != len(Citizens) {
		t.Error("choices")
	}
}

// The guide names every clock offset with its text in both languages.
func TestGuide(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		g := Guide(themes.Lookup(lang).T, "http://127.0.0.1:8080/")
		if strings.Contains(g, "cli.") {
			t.Errorf("%s: a catalogue key is missing:\n%s", lang, g)
		}
		for _, o := range ClockOffsets {
			if !strings.Contains(g, "\n  "+o.Offset+" ") {
				t.Errorf("%s: no line for --clock-offset %s:\n%s", lang, o.Offset, g)
			}
		}
		for _, line := range strings.Split(g, "\n") {
			if len(line) > guideWidth+20 {
				t.Errorf("%s: line not wrapped: %q", lang, line)
			}
		}
	}
}

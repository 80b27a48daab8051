package view

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
)

func stepProgram() *designer.Program {
	return &designer.Program{
		Title: "Sov bättre", Features: []string{designer.FeaturePDF},
		Media: []*designer.MediaFile{{Name: "media/film.mp4", Path: "media/film-3fa2b1c0.mp4", Type: "video/mp4"}},
		Forms: []*designer.Form{sampleForm()},
		Modules: []*designer.Module{
			{ID: "a", Title: "A", Sections: []*designer.Section{{Title: "S", Steps: []*designer.Step{
				{ID: "text", Title: "Text", PDF: "pdf/steps/a/text.pdf"},
				{ID: "film", Title: "Film", Kind: designer.KindMedia, Media: &designer.Media{Video: "media/film.mp4", Transcript: `<img src="/media/bild.png">`}},
			}}}},
			{ID: "b", Title: "B", Sections: []*designer.Section{{Title: "S", Steps: []*designer.Step{
				{ID: "form", Title: "Formulär", Form: "sleep"},
			}}}},
		},
	}
}

func stepURLs(files string) StepURLs {
	return StepURLs{
		Overview: files + "/", Files: files,
		Step:  func(m, s string) string { return files + "/m/" + m + "/" + s },
		Draft: func(m, s string) string { return files + "/m/" + m + "/" + s + "/draft" },
		PDF:   func(p string) string { return files + "/" + p },
	}
}

func noT(key string, _ ...any) string { return key }

// TestNewStepView: the runtime and the preview build a step page with
// the same function; what differs is in StepURLs and StepState.
func TestNewStepView(t *testing.T) {
	p := stepProgram()
	t.Run("media below the enrolment", func(t *testing.T) {
		sv, ok := NewStepView(p, "a", "film", []byte(`<p><img src="/media/x.png"></p>`), stepURLs("/e/1"), StepState{}, noT)
		if !ok {
			t.Fatal("no page")
		}
		if sv.Media.Video != "/e/1/media/film-3fa2b1c0.mp4" || sv.Media.CaptionsLang != "sv" {
			t.Errorf("media %+v", sv.Media)
		}
		if string(sv.Body) != `<p><img src="/e/1/media/x.png"></p>` || string(sv.Media.Transcript) != `<img src="/e/1/media/bild.png">` {
			t.Errorf("media links not rewritten: %s / %s", sv.Body, sv.Media.Transcript)
		}
		if sv.Prev == nil || sv.Prev.Href != "/e/1/m/a/text" || sv.Next == nil || sv.Next.Href != "/e/1/m/b/form" {
			t.Errorf("prev %+v next %+v", sv.Prev, sv.Next)
		}
	})
	t.Run("media at the root, as the preview serves them", func(t *testing.T) {
		sv, _ := NewStepView(p, "a", "film", []byte(`<img src="/media/x.png">`), StepURLs{Overview: "/p/x/", Step: stepURLs("").Step}, StepState{}, noT)
		if sv.Media.Video != "/media/film-3fa2b1c0.mp4" || string(sv.Body) != `<img src="/media/x.png">` {
			t.Errorf("video %s body %s", sv.Media.Video, sv.Body)
		}
	})
	t.Run("neighbours skip the steps that cannot be opened", func(t *testing.T) {
		onlyA := func(m, _ string) bool { return m == "a" }
		sv, _ := NewStepView(p, "a", "film", nil, stepURLs("/e/1"), StepState{CanOpen: onlyA}, noT)
		if sv.Next != nil {
			t.Errorf("next %+v, want none", sv.Next)
		}
	})
	t.Run("PDFs only when offered", func(t *testing.T) {
		sv, _ := NewStepView(p, "a", "text", nil, stepURLs("/e/1"), StepState{}, noT)
		if sv.PDF != "/e/1/pdf/steps/a/text.pdf" {
			t.Errorf("pdf %q", sv.PDF)
		}
		u := stepURLs("/e/1")
		u.PDF = nil
		if sv, _ := NewStepView(p, "a", "text", nil, u, StepState{}, noT); sv.PDF != "" {
			t.Errorf("pdf %q without PDFs", sv.PDF)
		}
	})
	t.Run("a form to fill in", func(t *testing.T) {
		st := StepState{Answers: formdata.Answers{"q1": {"1"}}, CSRF: "tok", DraftSaved: "i dag", Submitted: []Submitted{{At: "i går"}}}
		sv, _ := NewStepView(p, "b", "form", nil, stepURLs("/e/1"), st, noT)
		fv := sv.Form
		if fv == nil || fv.ReadOnly || fv.Action != "/e/1/m/b/form" || fv.DraftAction != "/e/1/m/b/form/draft" ||
			fv.CSRF != "tok" || fv.DraftSaved != "i dag" || len(fv.Submitted) != 1 {
			t.Errorf("form %+v", fv)
		}
	})
	t.Run("the last answers to read", func(t *testing.T) {
		old := sampleForm()
		old.Version = "v0"
		st := StepState{ReadOnly: true, Last: &Answered{Form: old, Answers: formdata.Answers{"q1": {"0"}}}, CSRF: "tok"}
		sv, _ := NewStepView(p, "b", "form", nil, stepURLs("/e/1"), st, noT)
		if fv := sv.Form; !fv.ReadOnly || fv.Action != "" || fv.Version != "v0" {
			t.Errorf("form %+v", fv)
		}
	})
	t.Run("no such step", func(t *testing.T) {
		if _, ok := NewStepView(p, "a", "nope", nil, stepURLs("/e/1"), StepState{}, noT); ok {
			t.Error("a page for a step that does not exist")
		}
	})
}

func TestMediaURL(t *testing.T) {
	p := stepProgram()
	for ref, want := range map[string]string{
		"":                        "",
		"https://example.se/a":    "https://example.se/a",
		"media/film.mp4":          "/e/1/media/film-3fa2b1c0.mp4",
		"media/film-3fa2b1c0.mp4": "/e/1/media/film-3fa2b1c0.mp4",
		"/media/ingen.png":        "/e/1/media/ingen.png",
	} {
		if got := MediaURL(p, "/e/1", ref); got != want {
			t.Errorf("MediaURL(%q) = %q, want %q", ref, got, want)
		}
	}
}

package demo

import (
	"fmt"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/pdf"
)

func num(f float64) *float64 { return &f }

// Program returns a small program made in Go, "Sov bättre", with every
// question type, a conditional question, flags, a media step and PDFs,
// and the bundle files it refers to (all but program.json and
// manifest.json). The demo publishes it when the store has no program,
// and the web tests run on it.
func Program() (*designer.Program, map[string][]byte, error) {
	sleep := &designer.Form{
		ID: "somnformular", Title: "Hur sover du?", Version: "somn-v1",
		Intro: "<p>Svara utifrån den senaste veckan.</p>",
		Questions: []*designer.Question{
			{ID: "kvalitet", Type: designer.TypeSingle, Text: "Hur har du sovit den senaste veckan?", Required: true, Options: []*designer.Option{
				{Value: "0", Label: "Bra"}, {Value: "1", Label: "Ganska bra"}, {Value: "2", Label: "Ganska dåligt"}, {Value: "3", Label: "Dåligt"}}},
			{ID: "varfor", Type: designer.TypeText, Text: "Vad tror du gör att du sover dåligt?", Multiline: true,
				Help: "Skriv med egna ord.", ShowIf: &designer.Condition{Question: "kvalitet", AtLeast: num(2)}},
			{ID: "stor", Type: designer.TypeMultiple, Text: "Vad stör din sömn?", Options: []*designer.Option{
				{Value: "oro", Label: "Oro och tankar"}, {Value: "ljud", Label: "Ljud"}, {Value: "skarm", Label: "Skärmar"}, {Value: "annat", Label: "Annat"}}},
			{ID: "trott", Type: designer.TypeScale, Text: "Hur trött är du på dagarna?", Required: true,
				Scale: &designer.Scale{Min: 0, Max: 10, MinLabel: "Inte alls", MaxLabel: "Mycket"}},
			{ID: "koffein", Type: designer.TypeNumber, Text: "Hur många koppar kaffe eller te dricker du per dag?", Min: num(0), Max: num(30), Unit: "koppar"},
			{ID: "datum", Type: designer.TypeDate, Text: "Vilket datum fyller du i formuläret?"},
			{ID: "lagg", Type: designer.TypeTime, Text: "När brukar du lägga dig?"},
			{ID: "somntid", Type: designer.TypeDuration, Text: "Hur länge sover du en vanlig natt?", Required: true},
		},
		Scores: []*designer.Score{{ID: "somnbesvar", Title: "Sömnbesvär", Items: []string{"kvalitet", "trott"},
			Bands: []*designer.Band{{Min: 0, Max: 5, Label: "Lätta"}, {Min: 6, Max: 9, Label: "Måttliga"}, {Min: 10, Max: 13, Label: "Svåra"}}}},
		PDF: "pdf/forms/somnformular.pdf",
	}
	diary := &designer.Form{
		ID: "dagbok", Title: "Sömndagbok", Version: "dagbok-v1",
		Questions: []*designer.Question{
			{ID: "natt", Type: designer.TypeDate, Text: "Vilken natt gäller det?", Required: true},
			{ID: "vaken", Type: designer.TypeDuration, Text: "Hur länge låg du vaken?"},
		},
	}
	p := &designer.Program{
		Schema: designer.SchemaVersion, ID: "sov-battre", Version: "1.0", Title: "Sov bättre",
		Description: "Ett självhjälpsprogram om sömn, med stöd av en behandlare.",
		Language:    "sv", RecommendedDays: 42, Date: "2026-11-01",
		Features:   []string{designer.FeaturePDF, designer.FeatureQuickGuide, designer.FeatureResults},
		Welcome:    "<p>Välkommen till Sov bättre! Här lär du dig mer om sömn och provar nya vanor, en modul i taget.</p>",
		QuickGuide: "<ul><li>Under <strong>Aktuellt innehåll</strong> finns det du ska arbeta med nu.</li><li>Nya sidor är markerade med <em>Ny</em>.</li><li>Formulär sparas som utkast medan du skriver.</li></ul>",
		Modules: []*designer.Module{
			{ID: "om-somn", Title: "Om sömn", Description: "Vad sömn är och varför vi behöver den.", Start: designer.StartCurrent,
				PDF: "pdf/modules/om-somn.pdf",
				Sections: []*designer.Section{
					{ID: "grunder", Title: "Grunderna", Steps: []*designer.Step{
						{ID: "vad-ar-somn", Title: "Vad är sömn?", Kind: designer.KindText, HTML: "steps/om-somn/grunder/vad-ar-somn.html",
							Printable: true, PDF: "pdf/steps/om-somn/vad-ar-somn.pdf"},
						{ID: "film", Title: "Film: en natts sömn", Kind: designer.KindMedia, HTML: "steps/om-somn/grunder/film.html",
							Media: &designer.Media{Video: "somn.mp4", Captions: "somn.vtt", Transcript: "<p>I filmen får du följa en natts sömn, från insomning till uppvaknande.</p>"}},
						{ID: "kartlaggning", Title: "Kartlägg din sömn", Kind: designer.KindForm, HTML: "steps/om-somn/grunder/kartlaggning.html", Form: "somnformular"},
					}},
				}},
			{ID: "vanor", Title: "Nya vanor", Description: "Små förändringar som ger bättre sömn.", Start: designer.StartUpcoming,
				Sections: []*designer.Section{
					{ID: "kvall", Title: "Kvällen", Steps: []*designer.Step{
						{ID: "kvallsrutin", Title: "En lugn kvällsrutin", Kind: designer.KindText, HTML: "steps/vanor/kvall/kvallsrutin.html"},
						{ID: "dagbok", Title: "Sömndagbok", Kind: designer.KindForm, HTML: "steps/vanor/kvall/dagbok.html", Form: "dagbok"},
					}},
				}},
		},
		Forms: []*designer.Form{sleep, diary},
		Flags: []*designer.Flag{
			{ID: "daligt", Title: "Sover dåligt", On: designer.TriggerFormAnswer, Form: "somnformular",
				When: &designer.Condition{Question: "kvalitet", Equals: "3"}, Review: true, Urgent: true},
			{ID: "kartlagt", Title: "Kartläggning inskickad", On: designer.TriggerFormSubmitted, Form: "somnformular", Review: true},
		},
		Media: []*designer.MediaFile{
			{Name: "somn.mp4", Path: "media/somn-3fa2b1c0.mp4", Type: "video/mp4"},
			{Name: "somn.vtt", Path: "media/somn-9c1d2e3f.vtt", Type: "text/vtt"},
			{Name: "mane.svg", Path: "media/mane-5b6c7d8e.svg", Type: "image/svg+xml"},
		},
	}
	files := map[string][]byte{
		"steps/om-somn/grunder/vad-ar-somn.html":  []byte(`<p>Sömn är kroppens och hjärnans återhämtning. En vuxen behöver oftast mellan sju och nio timmar.</p><p><img src="/media/mane-5b6c7d8e.svg" alt="En måne över ett hus"></p>`),
		"steps/om-somn/grunder/film.html":         []byte(`<p>Titta på filmen. Texten finns under den.</p>`),
		"steps/om-somn/grunder/kartlaggning.html": []byte(`<p>Fyll i formuläret så att du och din behandlare ser hur du sover nu.</p>`),
		"steps/vanor/kvall/kvallsrutin.html":      []byte(`<p>Varva ner en timme innan du lägger dig: dämpa ljuset och lägg undan skärmarna.</p>`),
		"steps/vanor/kvall/dagbok.html":           []byte(`<p>Skriv i dagboken varje morgon.</p>`),
		"media/somn-3fa2b1c0.mp4":                 {0, 0, 0, 24, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'},
		"media/somn-9c1d2e3f.vtt":                 []byte("WEBVTT\n\n00:00.000 --> 00:03.000\nEn natts sömn.\n"),
		"media/mane-5b6c7d8e.svg":                 []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#fc3"/></svg>`),
	}
	r := pdf.New()
	m := p.Modules[0]
	b, err := r.Module(p, m, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("demo module pdf: %w", err)
	}
	files[m.PDF] = b
	st := m.Sections[0].Steps[0]
	if b, err = r.Step(p, m, st, nil); err != nil {
		return nil, nil, fmt.Errorf("demo step pdf: %w", err)
	}
	files[st.PDF] = b
	if b, err = r.Form(p, sleep); err != nil {
		return nil, nil, fmt.Errorf("demo form pdf: %w", err)
	}
	files[sleep.PDF] = b
	return p, files, nil
}

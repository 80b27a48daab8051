package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"strings"
	"sync"

	"github.com/stegvis/stegvis/designer"
)

func ptr(f float64) *float64 { return &f }

// sampleProgram is a small program in Swedish with one of everything the
// renderer prints.
func sampleProgram() *designer.Program {
	sleep := &designer.Form{
		ID:    "somndagbok",
		Title: "Sömndagbok",
		Intro: "Fyll i dagboken **varje morgon** när du har vaknat.",
		Questions: []*designer.Question{
			{ID: "lade", Type: designer.TypeTime, Text: "När lade du dig?", Required: true},
			{ID: "somn", Type: designer.TypeDuration, Text: "Hur lång tid tog det att somna?"},
			{ID: "kvalitet", Type: designer.TypeScale, Text: "Hur väl sov du i natt?", Required: true,
				Scale: &designer.Scale{Min: 1, Max: 5, MinLabel: "Mycket dåligt", MaxLabel: "Mycket bra"}},
			{ID: "vaknade", Type: designer.TypeSingle, Text: "Vaknade du under natten?",
				Options: []*designer.Option{{Value: "ja", Label: "Ja"}, {Value: "nej", Label: "Nej"}}},
			{ID: "ganger", Type: designer.TypeNumber, Text: "Hur många gånger vaknade du?", Unit: "gånger",
				Min: ptr(1), Max: ptr(20), ShowIf: &designer.Condition{Question: "vaknade", Equals: "ja"}},
			{ID: "stort", Type: designer.TypeMultiple, Text: "Vad störde din sömn?",
				Help: "Tänk på natten som gick.",
				Options: []*designer.Option{
					{Value: "ljud", Label: "Ljud"}, {Value: "oro", Label: "Oro – tankar som snurrar"},
					{Value: "smarta", Label: "Smärta"}}},
			{ID: "datum", Type: designer.TypeDate, Text: "Vilket datum gäller det?"},
			{ID: "anteckning", Type: designer.TypeText, Text: "Något mer du vill berätta?", Multiline: true},
		},
		Scores: []*designer.Score{{ID: "somnkvalitet", Title: "Sömnkvalitet", Items: []string{"kvalitet"},
			Bands: []*designer.Band{{Min: 1, Max: 2, Label: "Låg"}, {Min: 3, Max: 5, Label: "God"}}}},
		Source: "Konsensusdagbok för sömn (förenklad)",
	}
	walk := &designer.Form{
		ID:    "promenad",
		Title: "Promenad",
		Questions: []*designer.Question{
			{ID: "minuter", Type: designer.TypeNumber, Text: "Hur länge gick du?", Unit: "minuter"},
		},
	}
	plan := &designer.ActivityPlan{
		ID: "promenader", Title: "Promenader", Description: "Gå en promenad på de tider du har valt.",
		Form: "promenad", Comments: true, EveryWeeks: 1,
		Occasions: []designer.Occasion{{Weekday: "mon", Time: "07:30"}, {Weekday: "wed", Time: "12:00"},
			{Weekday: "sat", Time: "10:00"}},
	}
	text := `Stress är kroppens sätt att göra sig redo. Det är *inte farligt* i sig, men **långvarig** stress tär.

## Vad händer i kroppen?

Pulsen ökar och andningen blir snabbare. Läs mer hos [1177](https://www.1177.se/stress) eller
skriv till <stod@example.se>. Citattecken: “så här” och ‘så här’ – och tankstreck — och tre punkter …

1. Andas lugnt
2. Drick ett glas vatten
   - långsamt
   - i små klunkar
3. Gå en kort promenad

- Åsa
- Ärlig
- Östen

> Det är bra att ta paus. Även en kort paus hjälper.

| Dag | Aktivitet | Minuter |
|-----|-----------|--------:|
| måndag | Promenad | 30 |
| tisdag | Yoga | 45 |

![En lugn sjö](media/sjo.png)

![Saknas](media/finns-inte.png)

---

Skriv ` + "`sova`" + ` i rutan, eller kör:

` + "```" + `
andas in 4 s
andas ut 6 s
` + "```" + `

~~Gammal text~~ är struken.
`
	prog := &designer.Program{
		ID: "stress", Version: "1.0", Title: "Hantera stress", Author: "Region Exempel",
		Date: "2026-03-01", Language: "sv",
		Forms:         []*designer.Form{sleep, walk},
		ActivityPlans: []*designer.ActivityPlan{plan},
	}
	mod := &designer.Module{
		ID: "stress", Title: "Om stress", Description: "En introduktion till stress och återhämtning.",
		Sections: []*designer.Section{
			{ID: "intro", Title: "Introduktion", Steps: []*designer.Step{
				{ID: "vad", Title: "Vad är stress?", Body: []byte(text)},
				{ID: "film", Title: "Film om återhämtning", Kind: designer.KindMedia,
					Body:  []byte("Titta på filmen om du vill."),
					Media: &designer.Media{Video: "https://video.example.se/aterhamtning.mp4", Transcript: "Hej och välkommen. I den här filmen pratar vi om **återhämtning**."}},
			}},
			{ID: "ovning", Title: "Övning", Steps: []*designer.Step{
				{ID: "dagbok", Title: "Din sömndagbok", Kind: designer.KindForm, Form: "somndagbok", Printable: true,
					Body: []byte("Skriv ut dagboken och fyll i den varje morgon.")},
			}},
		},
	}
	prog.Modules = []*designer.Module{mod}
	return prog
}

// sampleMedia serves the pictures the sample steps refer to, each
// encoded once and handed out as a fresh copy, as reading a file would:
// encoding them on every call put a PNG encoder (and its zlib writer)
// into BenchmarkModule20Pages, which BenchmarkChromiumPrintToPDF, reading
// its pictures from disk, never pays for.
func sampleMedia(name string) ([]byte, error) {
	if f, ok := sampleFiles[name]; ok {
		return bytes.Clone(f()), nil
	}
	return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
}

// sampleFiles are the encoded pictures of sampleMedia, by name.
var sampleFiles = map[string]func() []byte{
	"media/sjo.png":  sync.OnceValue(func() []byte { return testPNG(120, 60, false) }),
	"media/sjo.jpg":  sync.OnceValue(func() []byte { return testJPEG(120, 60) }),
	"media/djup.png": sync.OnceValue(func() []byte { return testPNG(40, 40, true) }),
}

func testPNG(w, h int, deep bool) []byte {
	var img image.Image
	if deep {
		m := image.NewRGBA64(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.Set(x, y, color.RGBA64{uint16(x * 1000), uint16(y * 1000), 40000, 0xffff})
			}
		}
		img = m
	} else {
		m := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				m.Set(x, y, color.NRGBA{uint8(60 + x), uint8(120 + y), 200, 255})
			}
		}
		img = m
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func testJPEG(w, h int) []byte {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 2), 100, uint8(y * 4), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 80}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// longModule is a module of about twenty pages, for benchmarks.
func longModule() (*designer.Program, *designer.Module) {
	p := sampleProgram()
	base := p.Modules[0]
	m := &designer.Module{ID: "lang", Title: "En lång modul", Description: base.Description}
	para := strings.Repeat("Återhämtning är lika viktig som ansträngning, och små pauser under dagen gör skillnad för både kropp och själ. ", 6)
	for s := range 3 {
		sec := &designer.Section{ID: fmt.Sprintf("s%d", s), Title: fmt.Sprintf("Avsnitt %d", s+1)}
		for st := range 3 {
			body := base.Sections[0].Steps[0].Body
			body = append(append([]byte{}, body...), []byte("\n\n"+para+"\n\n"+para+"\n\n- "+para+"\n- "+para+"\n")...)
			sec.Steps = append(sec.Steps, &designer.Step{ID: fmt.Sprintf("st%d", st), Title: fmt.Sprintf("Steg %d.%d", s+1, st+1), Body: body})
		}
		m.Sections = append(m.Sections, sec)
	}
	m.Sections[2].Steps = append(m.Sections[2].Steps, base.Sections[1].Steps[0])
	return p, m
}

// pageCount counts the pages of a PDF by its page objects.
func pageCount(pdf []byte) int {
	return bytes.Count(pdf, []byte("/Type /Page\n"))
}

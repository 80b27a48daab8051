// Package synth makes synthetic programs of any size, for benchmarks and
// load tests: realistic Swedish Markdown steps with headings, lists, tables
// and images, forms with scoring, flags and an activity plan. The same
// arguments always give the same files.
package synth

import (
	"fmt"
	"strings"
)

// Program returns the files of a valid program with the given number of
// steps, by slash path relative to its folder: modules of 5 sections of up
// to 10 steps each, every tenth step a form step.
func Program(id string, steps int) map[string][]byte {
	files := map[string][]byte{}
	const perSection, perModule = 10, 5
	modules := (steps + perSection*perModule - 1) / (perSection * perModule)
	var order strings.Builder
	for m := 0; m < modules; m++ {
		fmt.Fprintf(&order, "  - id: modul-%d\n    start: %s\n", m+1, map[bool]string{true: "current", false: "upcoming"}[m == 0])
	}
	files["program.yaml"] = []byte(fmt.Sprintf(`id: %s
version: "1.0"
title: Syntetiskt program med %d steg
description: Ett program för mätningar.
date: 2026-11-01
recommended_days: 90
features: [messages, page_comments, results, pdf, activities]
welcome: |
  Välkommen till programmet. Här finns **många** steg.
modules:
%sflags:
  - id: paminnelse
    on: inactivity
    days: 7
    notify: [citizen]
    message: Det var ett tag sedan.
  - id: slutar-snart
    on: program_ending
    days: 1
    review: true
activity_plans:
  - id: promenad
    title: Promenad
    form: logg
    times: {mon: "07:30", wed: "18:00", fri: "12:00"}
    grace_days: 1
    active: true
`, id, steps, order.String()))
	files["forms/logg.yaml"] = []byte("title: Logg\nquestions:\n  - {id: minuter, type: number, text: \"Hur många minuter?\", min: 0, max: 600, unit: min}\n  - {id: kommentar, type: text, text: Kommentar}\n")
	files["forms/skattning.yaml"] = []byte(`title: Skattning
questions:
  - id: q1
    type: single
    text: Hur har du mått?
    options: [{value: "0", label: Bra}, {value: "1", label: Sådär}, {value: "2", label: Dåligt}]
  - id: q2
    type: scale
    text: Hur mycket ork har du?
    scale: {min: 0, max: 10, min_label: Ingen, max_label: Mycket}
  - id: q3
    type: text
    text: Vill du berätta mer?
    multiline: true
    show_if: {question: q1, equals: "2"}
scores:
  - id: summa
    items: [q1, q2]
    reversed: [q2]
    bands:
      - {min: 0, max: 6, label: Låg}
      - {min: 7, max: 12, label: Hög}
flags:
  - {id: hog, when: {score: summa, at_least: 10}, review: true}
tests:
  - name: lägsta
    answers: {q1: "0", q2: "10"}
    expect: {summa: {score: 0, band: Låg}}
  - name: högsta
    answers: {q1: "2", q2: "0"}
    expect: {summa: {score: 12, band: Hög}}
`)
	files["media/bild.png"] = []byte("\x89PNG\r\n\x1a\n synthetic")
	n := 0
	for m := 0; m < modules && n < steps; m++ {
		mdir := fmt.Sprintf("modules/%02d-modul-%d", m+1, m+1)
		files[mdir+"/module.yaml"] = []byte(fmt.Sprintf("title: Modul %d\ndescription: Om modul %d.\nduration_days: 14\n", m+1, m+1))
		for s := 0; s < perModule && n < steps; s++ {
			sdir := fmt.Sprintf("%s/%02d-avsnitt-%d", mdir, s+1, s+1)
			files[sdir+"/section.yaml"] = []byte(fmt.Sprintf("title: Avsnitt %d\n", s+1))
			for st := 0; st < perSection && n < steps; st++ {
				n++
				files[fmt.Sprintf("%s/%02d-steg-%d.md", sdir, st+1, n)] = Step(n)
			}
		}
	}
	return files
}

// Step returns the Markdown of step number n, about 1.5 kB.
func Step(n int) []byte {
	var b strings.Builder
	form := ""
	if n%10 == 0 {
		form = "form: skattning\n"
	}
	fmt.Fprintf(&b, "---\ntitle: Steg %d om vardagen\n%sprintable: %v\ncomments: %v\n---\n", n, form, n%7 == 0, n%3 == 0)
	fmt.Fprintf(&b, "# Steg %d\n\nDet här är en text om hur du kan göra vardagen lite lättare. Läs i lugn och ro.\nDu kan *alltid* gå tillbaka och läsa igen.\n\n", n)
	b.WriteString("## Att tänka på\n\n- Ta en sak i taget.\n- Gör en plan för veckan.\n- Be om hjälp när du behöver.\n\n")
	b.WriteString("| Dag | Aktivitet | Tid |\n|---|---|---|\n| Måndag | Promenad | 30 min |\n| Onsdag | Cykel | 45 min |\n\n")
	b.WriteString("> Små steg varje dag gör stor skillnad över tid.\n\n")
	if n%5 == 0 {
		b.WriteString("![En väg genom skogen](media/bild.png)\n\n")
	}
	b.WriteString("Många tycker att det hjälper att skriva ner sina tankar. Prova att skriva några rader varje kväll.\nNär du har gjort det en vecka kan du se om något har ändrats. Det är bra att vara nyfiken på det du märker.\n\n1. Skriv ner dagens datum.\n2. Skriv vad du gjorde.\n3. Skriv hur det kändes.\n")
	return []byte(b.String())
}

package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/designer/scoring"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// showFilledPDF prints a submitted form with its answers, made on demand
// from the form version the answers were given on. The citizen gets it
// when the program offers PDFs; the clinician always may.
func (s *Server) showFilledPDF(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	u := userFrom(r.Context())
	if u.Kind != auth.Staff && !l.Program.Has(designer.FeaturePDF) {
		s.fail(w, r, errNotFound)
		return
	}
	sub, ok := l.E.Submission(chi.URLParam(r, "submission"))
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	f, err := s.bundles.formVersion(r.Context(), l.Program, l.E.Bundle, sub.Form, sub.FormVersion)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	filled := pdf.FilledAnswers{Answers: sub.Answers, Submitted: s.dateTime(sub.SubmittedAt)}
	for _, res := range scoring.Compute(f, scoring.Answers(sub.Answers)) {
		if res.Answered > 0 {
			filled.Scores = append(filled.Scores, pdf.ScoreResult{ID: res.Score.ID, Value: res.Value, Band: res.BandLabel()})
		}
	}
	b, err := s.pdf.FilledForm(l.Program, f, filled)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `inline; filename="`+f.ID+`-`+sub.ID+`.pdf"`)
	w.Write(b)
}

package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// showActivityPDF prints what the citizen registered on a plan, oldest
// occasion first, made on demand (pdf.PlanRegistrations). The citizen
// gets it when the program offers PDFs; the clinician always may.
func (s *Server) showActivityPDF(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	u := userFrom(r.Context())
	if !hasActivities(l.Program) || (u.Kind != auth.Staff && !l.Program.Has(designer.FeaturePDF)) {
		s.fail(w, r, errNotFound)
		return
	}
	pl, ok := l.E.Plan(l.Program, chi.URLParam(r, "plan"))
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	b, err := s.pdf.PlanRegistrations(planPDF(l.Program, pl))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `inline; filename="`+pl.ID+`.pdf"`)
	w.Write(b)
}

// planPDF is what pdf.PlanRegistrations takes for a plan as it stands:
// the program with the plan's form (its questions asked and answered),
// the plan with its current schedule, and the registrations.
func planPDF(p *designer.Program, pl *runtime.Plan) (*designer.Program, *designer.ActivityPlan, []pdf.Registration) {
	var recs []*runtime.OccasionRecord
	var regs []pdf.Registration
	if pl.State != nil {
		for _, rec := range pl.State.Records {
			if !rec.Registered() && rec.Comment == "" {
				continue
			}
			recs = append(recs, rec)
			date, clock, _ := cutOccasion(rec.Occasion)
			regs = append(regs, pdf.Registration{Date: date, Time: clock, Answers: rec.Answers, Comment: rec.Comment})
		}
	}
	f := pl.RecordForm(recs...)
	cp := *p
	cp.Forms = []*designer.Form{f}
	ap := &designer.ActivityPlan{
		ID: pl.ID, Title: pl.Title, Description: pl.Description, Form: f.ID,
		Occasions: pl.Settings.Times, EveryWeeks: pl.Settings.EveryWeeks, GraceDays: pl.Settings.GraceDays,
		Comments: pl.Settings.Comments, Active: pl.Active,
	}
	return &cp, ap, regs
}

// cutOccasion splits an occasion's id into its date and time.
func cutOccasion(id string) (date, clock string, ok bool) {
	if len(id) != len(runtime.OccasionIDLayout) {
		return id, "", false
	}
	return id[:10], id[11:], true
}

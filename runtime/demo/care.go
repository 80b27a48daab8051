package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// seedCare gives a newly started enrolment whose program has contacts or
// planning (the lifestyle sample has both) a contact besides the
// responsible clinician, a follow-up meeting a week after start at 10:00
// and a talk early next month whose day is not set yet, all added by the
// clinician through the same decisions as the pages. The phone number
// is one of those set aside for fiction.
func seedCare(ctx context.Context, svc *runtime.Enrolments, p *designer.Program, e *runtime.Enrolment, now time.Time) error {
	by := runtime.Actor{ID: e.Clinician, Role: runtime.RoleClinician}
	var ds []runtime.Decision
	if p.Has(designer.FeatureContacts) {
		ds = append(ds, runtime.AddCareContact(p, runtime.CareContactInput{
			Name: "Kim Nilsson", Role: "Fysioterapeut", Phone: "070-174 06 05", Email: "kim.nilsson@example.com",
			Note: "Leder gruppträningen på tisdagar. Ring gärna före första passet.",
		}))
	}
	if p.Has(designer.FeaturePlanning) {
		week := runtime.AddDays(now, 7).In(runtime.Stockholm)
		ds = append(ds,
			runtime.AddPlanningItem(p, runtime.PlanningInput{
				Kind: runtime.PlanningMeeting, Title: "Uppföljning med din behandlare", Precision: runtime.PrecisionExact,
				Date: week.Format(runtime.DateLayout), Time: "10:00", Place: "Mottagningen",
				Note: "Vi går igenom hur det har gått med planerna.",
			}),
			runtime.AddPlanningItem(p, runtime.PlanningInput{
				Kind: runtime.PlanningMeeting, Title: "Samtal om hur det har gått", Precision: runtime.PrecisionApprox,
				Month: runtime.AddMonths(runtime.ThisMonth(now), 1), Part: runtime.PartEarly,
			}))
	}
	if len(ds) == 0 {
		return nil
	}
	if _, err := svc.Do(ctx, e.ID, by, runtime.Then(ds...)); err != nil {
		return fmt.Errorf("demo: contacts and planning for %s: %w", e.ID, err)
	}
	return nil
}

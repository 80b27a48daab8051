package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showManage is the clinician's view of one enrolment: facts, flags to
// review, the welcome text, modules with every step and whether it was
// opened, and the submitted forms with their answers.
func (s *Server) showManage(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	e := l.E
	unit := unitFrom(r.Context())
	base := enrolmentURL(unit.ID, e.ID)
	names := map[string]string{}
	data := s.manageFacts(r, l, unit, names)
	data.Header = s.manageHeader(r, l, unit, tabManage, names)
	data.Related = s.relatedLinks(r, e, unit)
	if !e.Ended() {
		if err := s.manageActions(r, data, e, unit, base); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.manageModules(r, data, l, base)
	s.manageSubmissions(r, data, l, base, names)
	s.manageReviews(r, data, l, base, names)
	s.manageBatteries(r, data, l)
	s.render(w, r, http.StatusOK, "staff_enrolment", data.Name, data)
}

// manageFacts returns the view with the facts of the enrolment: who, which
// program, since when, and whether it has ended.
func (s *Server) manageFacts(r *http.Request, l *loaded, unit runtime.Unit, names map[string]string) *view.ManageData {
	cat := s.cat(r)
	e, p := l.E, l.Program
	name, pnr := s.citizenIdentity(r, e)
	data := &view.ManageData{
		ID: e.ID, Name: name, PNR: pnr, GuardiansURL: guardiansURL(unit.ID, e.ID),
		Program: p.Title, Bundle: e.Bundle,
		Started: s.date(e.StartedAt), LastActive: s.dateTime(e.LastActive),
		Days: s.days(e.StartedAt), Recommended: p.RecommendedDays,
		Clinician: s.staffName(r, e.Clinician, names), Mobile: e.Mobile,
		Welcome: e.Welcome, ProgramWelcome: view.HTML(p.Welcome),
		ReadOnly: e.Ended(), Maintenance: e.Maintenance,
		Back: areaURL(unit.ID, areaMine),
	}
	data.Provenance = s.bundleProvenance(r, cat, e.Bundle)
	if e.Ended() {
		data.Ended, data.EndReason = s.date(e.EndedAt), cat.T("web.end."+e.EndReason)
		data.Back = areaURL(unit.ID, areaEnded)
	}
	if data.Recommended > 0 {
		data.Percent = min(100, data.Days*100/data.Recommended)
	}
	return data
}

// manageActions adds the actions on a running enrolment: the welcome text,
// the end, maintenance and, for a citizen admin, the responsible clinician.
func (s *Server) manageActions(r *http.Request, data *view.ManageData, e *runtime.Enrolment, unit runtime.Unit, base string) error {
	cat := s.cat(r)
	data.WelcomeAction = base + "/welcome"
	data.EndAction, data.MaintenanceAction = base+"/end", base+"/maintenance"
	if hasAny(userFrom(r.Context()).Staff.Roles[unit.ID], handOverRoles...) {
		staff, err := s.store.StaffMembers(r.Context())
		if err != nil {
			return err
		}
		for _, st := range staff {
			if st.HasRole(unit.ID, runtime.RoleClinician) {
				data.Clinicians = append(data.Clinicians, view.OptionView{Value: st.ID, Label: st.Name, Checked: st.ID == e.Clinician})
			}
		}
		data.ClinicianAction = base + "/clinician"
	}
	for _, reason := range runtime.EndReasons {
		data.EndReasons = append(data.EndReasons, view.OptionView{Value: reason, Label: cat.T("web.end." + reason)})
	}
	return nil
}

// manageModules adds the modules, grouped by status, with every step,
// whether it was opened, and the actions on a running enrolment.
func (s *Server) manageModules(r *http.Request, data *view.ManageData, l *loaded, base string) {
	cat := s.cat(r)
	e, p := l.E, l.Program
	active := !e.Ended()
	for _, m := range p.Modules {
		status := e.ModuleStatus(m.ID)
		mv := &view.ModuleView{ID: m.ID, Title: m.Title, Status: status, StatusLabel: cat.T("web.status." + status)}
		if ms, ok := e.Modules[m.ID]; ok {
			mv.Started, mv.Completed = s.date(ms.StartedAt), s.date(ms.CompletedAt)
		}
		if active {
			if status != runtime.StatusCurrent {
				mv.StartAction = base + "/modules/" + m.ID + "/start"
			} else {
				mv.CompleteAction = base + "/modules/" + m.ID + "/complete"
			}
		}
		forms := 0
		for _, sub := range e.Submissions {
			if sub.Module == m.ID {
				forms++
				if sub.ReadAt.IsZero() {
					mv.Unread++
				}
			}
		}
		for _, sec := range m.Sections {
			sv := &view.SectionView{Title: sec.Title}
			for _, st := range sec.Steps {
				link := &view.StepLink{Title: st.Title, Kind: st.Kind, Hidden: e.StepHidden(m.ID, st.ID)}
				if st.Form != "" {
					link.Form = formState(e, m.ID, st.ID)
				}
				mv.Steps++
				if o, ok := e.Opened[runtime.StepKey(m.ID, st.ID)]; ok {
					link.Opened, link.OpenedAt = true, s.dateTime(o.First)
					mv.Opened++
				}
				if active {
					stepBase := base + "/steps/" + m.ID + "/" + st.ID
					if link.Hidden {
						link.ShowAction = stepBase + "/show"
					} else {
						link.HideAction = stepBase + "/hide"
					}
				}
				sv.Steps = append(sv.Steps, link)
			}
			mv.Sections = append(mv.Sections, sv)
		}
		mv.Counts = cat.T("web.manage.module.opened", mv.Opened, mv.Steps)
		if forms > 0 {
			mv.Counts += " · " + cat.N("timeline.module.forms", forms)
			if mv.Unread > 0 {
				mv.Counts += ", " + cat.N("timeline.module.unread", mv.Unread)
			}
		}
		switch status {
		case runtime.StatusCurrent:
			data.Current = append(data.Current, mv)
		case runtime.StatusCompleted:
			data.Completed = append(data.Completed, mv)
		default:
			data.Upcoming = append(data.Upcoming, mv)
		}
	}
}

// manageSubmissions adds the submitted forms, newest first, each with its
// scores and answers on the form version it was given on.
func (s *Server) manageSubmissions(r *http.Request, data *view.ManageData, l *loaded, base string, names map[string]string) {
	cat := s.cat(r)
	e, p := l.E, l.Program
	for i := len(e.Submissions) - 1; i >= 0; i-- {
		sub := e.Submissions[i]
		sv := &view.SubmissionView{
			ID: sub.ID, Title: sub.Form, At: s.dateTime(sub.SubmittedAt), Read: !sub.ReadAt.IsZero(),
			ReadAt: s.dateTime(sub.ReadAt), ReadBy: s.staffName(r, sub.ReadBy, names), Version: sub.FormVersion,
			PDF: base + "/submissions/" + sub.ID + "/pdf",
		}
		if sub.Guardian != "" {
			sv.By = cat.T("people.by_guardian", s.actorName(r, runtime.Actor{ID: sub.Guardian, Role: runtime.RoleGuardian}))
		}
		if _, _, st, ok := p.Step(sub.Module, sub.Step); ok {
			sv.Step = st.Title
		}
		if !sv.Read { // also after the end: nothing is left unread
			sv.Action = base + "/submissions/" + sub.ID + "/read"
		}
		f, err := s.bundles.formVersion(r.Context(), p, e.Bundle, sub.Form, sub.FormVersion)
		if err != nil {
			s.log.WarnContext(r.Context(), "form version", "enrolment", e.ID, "form", sub.Form, "version", sub.FormVersion, "err", err)
			sv.NotFound = true
			f = answersOnly(sub)
			sv.PDF = ""
		}
		sv.Title = f.Title
		if sv.Title == "" {
			sv.Title = sub.Form
		}
		for _, sc := range runtime.SubmissionScores(f, sub) {
			title := cmp.Or(sc.Title, sc.Score)
			value := formdata.FormatNumber(sc.Value)
			if sc.Band != "" {
				sv.Scores = append(sv.Scores, cat.T("web.manage.score.band", title, value, sc.Band))
			} else {
				sv.Scores = append(sv.Scores, cat.T("web.manage.score", title, value))
			}
		}
		sv.Answers = view.Answers(f, sub.Answers, cat.T)
		sv.Answers.Title = ""
		data.Submissions = append(data.Submissions, sv)
	}
}

// manageReviews adds the events raised by flags: unreviewed first, urgent
// ones at the top, then newest first.
func (s *Server) manageReviews(r *http.Request, data *view.ManageData, l *loaded, base string, names map[string]string) {
	e, p := l.E, l.Program
	reviews := slices.Clone(e.Reviews)
	slices.Reverse(reviews)
	for _, rv := range reviews {
		v := &view.ReviewView{ID: rv.ID, Title: rv.Flag, At: s.dateTime(rv.RaisedAt), Urgent: rv.Urgent,
			Done: !rv.ReviewedAt.IsZero(), DoneAt: s.dateTime(rv.ReviewedAt), Submission: rv.Submission}
		if v.Done {
			v.DoneBy = s.staffName(r, rv.ReviewedBy, names)
		} else { // also after the end: nothing is left unreviewed
			v.Action = base + "/reviews/" + rv.ID + "/done"
		}
		s.manageEscalation(r, v, rv, e, base, names)
		for _, fl := range p.Flags {
			if fl.ID == rv.Flag && fl.Title != "" {
				v.Title = fl.Title
			}
		}
		if when := s.missedOccasion(r, p, rv); when != "" {
			v.Title += " – " + when
		}
		data.Reviews = append(data.Reviews, v)
	}
	slices.SortStableFunc(data.Reviews, func(a, b *view.ReviewView) int {
		return reviewRank(a) - reviewRank(b)
	})
}

// manageEscalation adds an urgent event's acknowledgement, or the button
// to acknowledge it, and the levels it escalated to.
func (s *Server) manageEscalation(r *http.Request, v *view.ReviewView, rv *runtime.Review, e *runtime.Enrolment, base string, names map[string]string) {
	if !rv.Urgent {
		return
	}
	t := s.cat(r).T
	switch {
	case !rv.AcknowledgedAt.IsZero():
		v.Acknowledged = t("web.manage.acknowledged", s.dateTime(rv.AcknowledgedAt), s.staffName(r, rv.AcknowledgedBy, names))
	case !rv.Acknowledged() && !e.Ended():
		v.AckAction = base + "/reviews/" + rv.ID + "/acknowledge"
	}
	for _, x := range rv.Escalations {
		to := t("web.manage.escalated.nobody")
		if len(x.To) > 0 {
			who := make([]string, len(x.To))
			for i, id := range x.To {
				who[i] = s.staffName(r, id, names)
			}
			to = strings.Join(who, ", ")
		}
		v.Escalations = append(v.Escalations, t("web.manage.escalated", s.dateTime(x.At), x.Level, to))
	}
}

func reviewRank(v *view.ReviewView) int {
	switch {
	case !v.Done && v.Urgent:
		return 0
	case !v.Done:
		return 1
	}
	return 2
}

// answersOnly makes a stand-in form for answers whose form version is no
// longer stored: each answer under its question id.
func answersOnly(sub *runtime.Submission) *designer.Form {
	f := &designer.Form{ID: sub.Form, Title: sub.Form, Version: sub.FormVersion}
	ids := make([]string, 0, len(sub.Answers))
	for id := range sub.Answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		f.Questions = append(f.Questions, &designer.Question{ID: id, Type: designer.TypeText, Text: id})
	}
	return f
}

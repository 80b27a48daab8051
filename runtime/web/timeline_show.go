package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/view"
)

// showTimeline is the timeline tab: every event of the enrolment in words,
// with who did it, filtered by kind and by date range or week through a
// form sent with GET, so it works without JavaScript.
func (s *Server) showTimeline(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	unit := unitFrom(r.Context())
	names := map[string]string{}
	cat := s.cat(r)
	q := r.URL.Query()
	data := &view.TimelineData{
		Header: s.manageHeader(r, l, unit, tabTimeline, names),
		Action: enrolmentTimelineURL(unit.ID, l.E.ID),
		From:   q.Get("from"), To: q.Get("to"), Week: q.Get("week"),
	}
	f, err := runtime.ParseTimelineFilter(q["kind"], data.From, data.To, data.Week)
	if err != nil {
		data.Error = cat.T("timeline.filter.invalid")
		f = runtime.TimelineFilter{}
	}
	for _, k := range runtime.TimelineKinds {
		data.Kinds = append(data.Kinds, view.OptionView{Value: string(k), Label: cat.T("timeline.kind." + string(k)),
			Checked: len(f.Kinds) > 0 && containsKind(f.Kinds, k)})
	}
	rows, err := s.timelineRows(r, l, f, names)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data.Entries = rows
	data.Period = timelinePeriod(cat, f)
	data.PDF = enrolmentTimelinePDFURL(unit.ID, l.E.ID, timelineQuery(f))
	s.render(w, r, http.StatusOK, "staff_timeline", cat.T("timeline.title", l.E.CitizenName), data)
}

func containsKind(ks []runtime.TimelineKind, k runtime.TimelineKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// timelineQuery encodes a valid filter as the timeline form sends it.
func timelineQuery(f runtime.TimelineFilter) string {
	v := url.Values{}
	for _, k := range f.Kinds {
		v.Add("kind", string(k))
	}
	if f.From != "" {
		v.Set("from", f.From)
	}
	if f.To != "" {
		v.Set("to", f.To)
	}
	return v.Encode()
}

// timelinePeriod says in words which dates the filter covers.
func timelinePeriod(cat *themes.Catalog, f runtime.TimelineFilter) string {
	switch {
	case f.From != "" && f.To != "":
		return cat.T("timeline.period.range", f.From, f.To)
	case f.From != "":
		return cat.T("timeline.period.from", f.From)
	case f.To != "":
		return cat.T("timeline.period.to", f.To)
	}
	return cat.T("timeline.period.all")
}

// timelineRows reads the enrolment's log, and the inboxes of those who
// may have had a notification about it, and returns the entries that
// pass the filter, newest first, in words.
func (s *Server) timelineRows(r *http.Request, l *loaded, f runtime.TimelineFilter, names map[string]string) ([]view.TimelineRow, error) {
	events, err := s.svc.Timeline(r.Context(), l.E.ID)
	if err != nil {
		return nil, err
	}
	entries, err := runtime.Timeline(events, f)
	if err != nil {
		return nil, err
	}
	if len(f.Kinds) == 0 || containsKind(f.Kinds, runtime.KindNotifications) {
		var notices []runtime.TimelineEntry
		for _, to := range runtime.NoticeRecipients(l.E, events) {
			items, err := s.store.Inbox(r.Context(), to)
			if err != nil {
				return nil, fmt.Errorf("timeline %s: %w", l.E.ID, err)
			}
			notices = append(notices, runtime.NoticeEntries(l.Program, l.E.ID, to, items, f)...)
		}
		entries = runtime.MergeTimeline(entries, notices)
	}
	cat := s.cat(r)
	rows := make([]view.TimelineRow, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		en := entries[i]
		args := make([]any, len(en.Args))
		for j, a := range en.Args {
			args[j] = s.timelineRef(r, l, a, names)
		}
		row := view.TimelineRow{
			At: s.dateTime(en.At), Date: s.date(en.At), Kind: string(en.Kind),
			KindLabel: cat.T("timeline.kind." + string(en.Kind)),
			Who:       s.timelineWho(r, en.Actor, names), Text: cat.T(en.Key, args...),
		}
		if _, ok := l.E.Conversation(en.Conversation); ok && en.Conversation != "" {
			row.Href = enrolmentMessagesURL(unitFrom(r.Context()).ID, l.E.ID) + "/" + en.Conversation
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// timelineWho names who did something: a member of staff by name, the
// citizen, a guardian or the system.
func (s *Server) timelineWho(r *http.Request, a runtime.Actor, names map[string]string) string {
	cat := s.cat(r)
	switch a.Role {
	case runtime.RoleGuardian:
		return cat.T("timeline.actor.guardian") + " " + s.actorName(r, a)
	case runtime.RoleCitizen, runtime.RoleSystem:
		return cat.T("timeline.actor." + string(a.Role))
	}
	return s.staffName(r, a.ID, names)
}

// timelineRef turns a reference of a sentence into the title or name it
// stands for, or its id when the program no longer has it.
func (s *Server) timelineRef(r *http.Request, l *loaded, a runtime.TimelineRef, names map[string]string) string {
	p := l.Program
	switch a.Kind {
	case runtime.RefModule:
		if m, ok := p.Module(a.ID); ok {
			return m.Title
		}
	case runtime.RefStep:
		if _, _, st, ok := p.Step(a.Module, a.ID); ok {
			return st.Title
		}
	case runtime.RefForm:
		if f, ok := p.Form(a.ID); ok && f.Title != "" {
			return f.Title
		}
	case runtime.RefFlag:
		return flagTitle(p, a.ID)
	case runtime.RefBattery:
		for _, b := range p.Batteries {
			if b.ID == a.ID && b.Title != "" {
				return b.Title
			}
		}
	case runtime.RefPlan:
		if pl, ok := l.E.Plan(p, a.ID); ok && pl.Title != "" {
			return pl.Title
		}
	case runtime.RefStaff:
		return s.staffName(r, a.ID, names)
	case runtime.RefEndReason:
		return s.cat(r).T("web.end." + a.ID)
	case runtime.RefSubmission:
		if sub, ok := l.E.Submission(a.ID); ok {
			if f, ok := p.Form(sub.Form); ok && f.Title != "" {
				return f.Title
			}
			return sub.Form
		}
	case runtime.RefConversation:
		// The title at the time: a rename names the title it replaced.
		if a.Label != "" {
			return a.Label
		}
		if cv, ok := l.E.Conversation(a.ID); ok && cv.Title != "" {
			return cv.Title
		}
	case runtime.RefNotice:
		if a.Label != "" {
			return s.cat(r).T("timeline.notice.what."+a.ID, a.Label)
		}
		return s.cat(r).T("timeline.notice.what." + a.ID)
	case runtime.RefTime:
		if t, err := time.Parse(time.RFC3339, a.ID); err == nil {
			return s.dateTime(t)
		}
	case runtime.RefReview:
		for _, rv := range l.E.Reviews {
			if rv.ID == a.ID {
				return flagTitle(p, rv.Flag)
			}
		}
	}
	return a.ID
}

// flagTitle is a flag's title, from the program's flags or its forms'.
func flagTitle(p *designer.Program, id string) string {
	for _, fl := range p.Flags {
		if fl.ID == id && fl.Title != "" {
			return fl.Title
		}
	}
	for _, f := range p.Forms {
		for _, fl := range f.Flags {
			if fl.ID == id && fl.Title != "" {
				return fl.Title
			}
		}
	}
	return id
}

// showTimelinePDF prints the timeline, filtered as the page shows it, for
// the patient record.
func (s *Server) showTimelinePDF(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	cat := s.cat(r)
	q := r.URL.Query()
	f, err := runtime.ParseTimelineFilter(q["kind"], q.Get("from"), q.Get("to"), q.Get("week"))
	if err != nil {
		s.fail(w, r, errInvalid.with(err))
		return
	}
	names := map[string]string{}
	rows, err := s.timelineRows(r, l, f, names)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.timelinePDF(r, l, f, rows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `inline; filename="`+cat.T("timeline.pdf.file")+`-`+l.E.ID+`.pdf"`)
	w.Write(b)
}

// kindsLabel lists the filter's kinds in words, or says every kind.
func kindsLabel(cat *themes.Catalog, ks []runtime.TimelineKind) string {
	if len(ks) == 0 {
		return cat.T("timeline.kinds.all")
	}
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += ", "
		}
		s += cat.T("timeline.kind." + string(k))
	}
	return s
}

package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showAccessLog is the unit admin's search of the unit's access log
// ("Åtkomstlogg"): by staff member, by enrolment (its id, or a citizen's
// personal identity number for their enrolments on the unit) and by
// dates, newest first, a page at a time. The form is a GET, so it works
// without JavaScript and a search is a link.
func (s *Server) showAccessLog(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	q := r.URL.Query()
	action := areaURL(unit.ID, areaAccessLog)
	data := &view.AccessLogData{
		Action: action, Searched: true, Errors: map[string]string{},
		Staff: strings.TrimSpace(q.Get("staff")), Enrolment: strings.TrimSpace(q.Get("enrolment")),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
	}
	staff, err := s.store.StaffMembers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, st := range staff {
		if len(st.Roles[unit.ID]) > 0 {
			data.StaffChoices = append(data.StaffChoices, view.OptionView{Value: st.ID, Label: st.Name})
		}
	}
	query := runtime.AccessQuery{Unit: unit.ID, Staff: data.Staff, Enrolment: data.Enrolment, After: q.Get("after")}
	if query.After != "" {
		if _, err := runtime.AccessIDTime(query.After); err != nil {
			s.fail(w, r, errBadRequest.with(err))
			return
		}
	}
	if query.From, err = s.day(data.From); err != nil {
		data.Errors["from"] = cat.T("accesslog.error.date")
	}
	if query.To, err = s.day(data.To); err != nil {
		data.Errors["to"] = cat.T("accesslog.error.date")
	} else if !query.To.IsZero() {
		query.To = query.To.AddDate(0, 0, 1) // to the end of the day
	}
	if !query.From.IsZero() && !query.To.IsZero() && !query.From.Before(query.To) {
		data.Errors["to"] = cat.T("accesslog.error.range")
	}
	if looksLikePnr(data.Enrolment) {
		if err := s.enrolmentOfPnr(r, data, &query); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	status := http.StatusOK
	if len(data.Errors) > 0 {
		status = http.StatusBadRequest
	}
	if len(data.Errors) == 0 && len(data.Enrolments) == 0 {
		page, err := s.store.SearchAccess(r.Context(), query)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, e := range page.Entries {
			what := cat.T("accesslog.kind." + string(e.Kind))
			if e.Object != "" {
				what = cat.T("accesslog.what", what, e.Object)
			}
			name := e.StaffName
			if !e.Role.Staff() {
				// The citizen opening a video meeting, named by role alone.
				name = cat.T("accesslog.actor." + string(e.Role))
			}
			data.Rows = append(data.Rows, view.AccessRow{
				At: e.At.In(s.zone).Format("2006-01-02 15:04:05"), Staff: e.Staff, StaffName: name,
				Role: cat.T("web.role." + string(e.Role)), Enrolment: e.Enrolment,
				Href: accessLogURL(unit.ID, url.Values{"enrolment": {e.Enrolment}}), What: what,
			})
		}
		keep := url.Values{}
		for _, k := range []string{"staff", "enrolment", "from", "to"} {
			if v := q.Get(k); v != "" {
				keep.Set(k, v)
			}
		}
		if query.After != "" {
			data.Newest = accessLogURL(unit.ID, keep)
		}
		if page.Next != "" {
			keep.Set("after", page.Next)
			data.Older = accessLogURL(unit.ID, keep)
		}
	}
	s.render(w, r, status, "staff_accesslog", cat.T("accesslog.title"), data)
}

// enrolmentOfPnr turns a personal identity number searched for into its
// citizen's enrolment on the unit, or into a choice among several. The
// number stays in the form only; the log names enrolments by id.
func (s *Server) enrolmentOfPnr(r *http.Request, data *view.AccessLogData, query *runtime.AccessQuery) error {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	pnr, err := runtime.ParsePnr(data.Enrolment, s.now())
	if err != nil {
		data.Errors["enrolment"] = cat.T("web.start.error.pnr")
		return nil
	}
	es, err := s.svc.List(r.Context(), runtime.ByCitizen(pnr))
	if err != nil {
		return err
	}
	var ids []string
	for _, e := range es {
		if e.Unit == unit.ID {
			ids = append(ids, e.ID)
		}
	}
	switch len(ids) {
	case 0:
		data.Errors["enrolment"] = cat.T("accesslog.error.pnr")
	case 1:
		query.Enrolment = ids[0]
	default:
		for _, id := range ids {
			v := url.Values{"enrolment": {id}, "staff": {data.Staff}, "from": {data.From}, "to": {data.To}}
			data.Enrolments = append(data.Enrolments, view.Link{Href: accessLogURL(unit.ID, v), Label: cat.T("accesslog.enrolment.link", id)})
		}
	}
	return nil
}

// looksLikePnr tells a personal identity number from an enrolment's id,
// which always has letters.
func looksLikePnr(s string) bool {
	digits := 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' || c == '+' || c == ' ':
		default:
			return false
		}
	}
	return digits >= 10
}

// day parses a date of a form in the unit's time zone; "" is no date.
func (s *Server) day(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation("2006-01-02", v, s.zone)
}

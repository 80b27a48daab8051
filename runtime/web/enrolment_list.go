package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// listPageSizes are the page sizes the lists offer, the default first.
var listPageSizes = []int{runtime.DefaultPageSize, 25, 100, runtime.MaxPageSize}

// listEnrolments shows the clinician's lists: "mine" (where they are the
// responsible clinician), "all" running ones of the unit, "maintenance"
// (running ones in maintenance) and "ended". Each is one page of the
// list's summaries (runtime.SummaryStore) in the order asked for
// (?sort=), the page size asked for (?n=) and from a cursor (?c=): no
// enrolment's snapshot or log is read, so a page costs the same for 100
// enrolments as for 100,000. By default, enrolments with flags to review
// come first.
func (s *Server) listEnrolments(which string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cat := s.cat(r)
		u, unit := userFrom(r.Context()), unitFrom(r.Context())
		var l runtime.List
		switch which {
		case areaMine:
			l = runtime.MineList(unit.ID, u.ID)
		case areaAll:
			l = runtime.UnitList(unit.ID)
		case areaMaintenance:
			l = runtime.MaintenanceList(unit.ID)
		default:
			l = runtime.EndedList(unit.ID)
		}
		qv := r.URL.Query()
		q := runtime.PageQuery{List: l, Sort: runtime.SortKey(qv.Get("sort")), Cursor: qv.Get("c")}
		if n := qv.Get("n"); n != "" {
			size, err := strconv.Atoi(n)
			if err != nil {
				s.fail(w, r, errInvalid.with(err))
				return
			}
			q.Size = size
		}
		if err := q.Check(); err != nil { // names what is wrong, and fills in the defaults
			s.fail(w, r, err)
			return
		}
		p, err := s.store.Summaries(r.Context(), q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data := &view.ListData{View: which, Action: r.URL.Path}
		// The main navigation switches between the lists.
		if area(areaStart).allows(u.Staff.Roles[unit.ID]) {
			data.StartURL = areaURL(unit.ID, areaStart)
		}
		for _, sort := range l.Sorts() {
			data.Sorts = append(data.Sorts, view.OptionView{Value: string(sort), Label: cat.T("lists.sort." + string(sort)), Checked: sort == q.Sort})
		}
		for _, n := range listPageSizes {
			data.Sizes = append(data.Sizes, view.OptionView{Value: strconv.Itoa(n), Label: strconv.Itoa(n), Checked: n == q.Size})
		}
		names := map[string]string{}
		titles := map[string]string{}
		for i := range p.Summaries {
			sum := &p.Summaries[i]
			name, pnr := s.citizenIdentity(r, sum.Enrolment())
			row := view.ListRow{
				Href: enrolmentURL(unit.ID, sum.ID), Name: name, PNR: pnr,
				Program: s.bundleTitle(r, sum.Bundle, sum.Program, titles), Clinician: s.staffName(r, sum.Clinician, names),
				Started: s.date(sum.StartedAt), LastActive: s.date(sum.LastActive),
				Unread: sum.UnreadForms, Flags: sum.Flags, Urgent: sum.Urgent,
			}
			if sum.UnreadMessages > 0 {
				row.Messages = cat.N("messages.list.badge", sum.UnreadMessages)
			}
			if sum.Status == runtime.StatusMaintenance {
				row.MaintenanceLastDay = s.date(sum.MaintenanceLastDay)
			}
			if sum.Ended() {
				row.Ended, row.EndReason = s.date(sum.EndedAt), cat.T("web.end."+sum.EndReason)
			}
			data.Rows = append(data.Rows, row)
		}
		if len(p.Summaries) > 0 {
			data.Showing = cat.T("lists.showing", number(cat.Lang, p.Offset+1), number(cat.Lang, p.Offset+len(p.Summaries)), number(cat.Lang, p.Total))
		}
		page := func(cursor string) string {
			if cursor == "" {
				return ""
			}
			v := url.Values{"c": {cursor}}
			if q.Sort != l.Sorts()[0] {
				v.Set("sort", string(q.Sort))
			}
			if q.Size != runtime.DefaultPageSize {
				v.Set("n", strconv.Itoa(q.Size))
			}
			return r.URL.Path + "?" + v.Encode()
		}
		data.Prev, data.Next = page(p.Prev), page(p.Next)
		s.render(w, r, http.StatusOK, "staff_list", cat.T("web.title.list."+which), data)
	}
}

// number writes n with the thousands separated as the language does:
// "10 000" (with a no-break space) in Swedish, "10,000" in English.
func number(lang string, n int) string {
	sep := "\u00a0"
	if lang == "en" {
		sep = ","
	}
	digits := strconv.Itoa(n)
	neg := n < 0
	if neg {
		digits = digits[1:]
	}
	var out []byte
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, sep...)
		}
		out = append(out, digits[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// bundleTitle returns the title of a bundle's program, or the program's
// id when the bundle cannot be read.
func (s *Server) bundleTitle(r *http.Request, bundle, program string, cache map[string]string) string {
	if t, ok := cache[bundle]; ok {
		return t
	}
	t := program
	if p, err := s.bundles.program(r.Context(), bundle); err == nil {
		t = p.Title
	}
	cache[bundle] = t
	return t
}

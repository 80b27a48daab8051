package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showEnd shows the page that ends an enrolment ("avsluta moment"): the
// reason, an optional message to the citizen's inbox and an optional
// program to start in its place, with the warning that it cannot be
// undone.
func (s *Server) showEnd(w http.ResponseWriter, r *http.Request) {
	data, err := s.endData(r, runtime.EndCompleted, "", "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_end", s.cat(r).T("lifecycle.end.title"), data)
}

func (s *Server) endData(r *http.Request, reason, message, program string) (*view.EndData, error) {
	cat := s.cat(r)
	l, unit := enrolmentFrom(r.Context()), unitFrom(r.Context())
	data := &view.EndData{EnrolmentHead: s.enrolmentHead(r, l), Message: message}
	if l.E.Ended() {
		return data, nil
	}
	data.Action = manageURL(r) + "/end"
	for _, rs := range runtime.EndReasons {
		data.Reasons = append(data.Reasons, view.OptionView{Value: rs, Label: cat.T("web.end." + rs), Checked: rs == reason})
	}
	if s.notifier != nil {
		data.MaxMessage = runtime.MaxEndMessage
	}
	acts, err := s.store.Activations(r.Context(), unit.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		t := a.Program
		if p, err := s.bundles.program(r.Context(), a.Bundle); err == nil {
			t = p.Title
		} else {
			s.log.WarnContext(r.Context(), "load program", "bundle", a.Bundle, "err", err)
		}
		data.Programs = append(data.Programs, view.OptionView{Value: a.Program, Label: t, Checked: a.Program == program})
		data.ProgramChosen = data.ProgramChosen || a.Program == program
	}
	return data, nil
}

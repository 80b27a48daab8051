package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// selfEnrolView is the self-enrolment control of a program active on the
// unit, for its programs page; nil when the program is not active there.
func (s *Server) selfEnrolView(r *http.Request, program string, offers []runtime.SelfEnrolment, staff []runtime.Staff) *view.SelfEnrolView {
	unit := unitFrom(r.Context())
	v := &view.SelfEnrolView{Action: selfEnrolURL(unit.ID, program)}
	for _, o := range offers {
		if o.Unit == unit.ID && o.Program == program {
			v.Open, v.Clinician = true, o.Clinician
		}
	}
	for _, st := range staff {
		if st.HasRole(unit.ID, runtime.RoleClinician) {
			v.Clinicians = append(v.Clinicians, view.OptionView{Value: st.ID, Label: st.Name, Checked: st.ID == v.Clinician})
			if st.ID == v.Clinician {
				v.Clinician = st.Name
			}
		}
	}
	return v
}

// addSelfEnrol sets the self-enrolment control of every program active on
// the unit of the programs page.
func (s *Server) addSelfEnrol(r *http.Request, data *view.ProgramsData) error {
	offers, err := s.store.SelfEnrolments(r.Context())
	if err != nil {
		return err
	}
	staff, err := s.store.StaffMembers(r.Context())
	if err != nil {
		return err
	}
	for _, row := range data.Programs {
		if row.Active != "" {
			row.SelfEnrol = s.selfEnrolView(r, row.ID, offers, staff)
		}
	}
	return nil
}

// setSelfEnrol opens a program active on the unit for self-enrolment, with
// the clinician chosen to be responsible, or closes it ("open" = "0").
func (s *Server) setSelfEnrol(w http.ResponseWriter, r *http.Request) {
	ctx, u, unit := r.Context(), userFrom(r.Context()), unitFrom(r.Context())
	program := chi.URLParam(r, "program")
	if r.PostFormValue("open") == "0" {
		if err := s.store.CloseSelfEnrolment(ctx, unit.ID, program); err != nil {
			s.fail(w, r, err)
			return
		}
		s.setFlash(w, r, "people.selfenrol.closed_flash")
		redirect(w, r, areaURL(unit.ID, areaPrograms))
		return
	}
	o := runtime.SelfEnrolment{Unit: unit.ID, Program: program, Clinician: r.PostFormValue("clinician"), OpenedAt: s.now(), OpenedBy: u.ID}
	_, err := s.store.Activation(ctx, unit.ID, program)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	clinician, cerr := s.store.Staff(ctx, o.Clinician)
	if cerr != nil && !errors.Is(cerr, runtime.ErrNotFound) {
		s.fail(w, r, cerr)
		return
	}
	if err := runtime.CheckSelfEnrolment(o, err == nil, clinician); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.OpenSelfEnrolment(ctx, o); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(ctx, "self-enrolment opened", "unit", unit.ID, "program", program)
	s.setFlash(w, r, "people.selfenrol.opened")
	redirect(w, r, areaURL(unit.ID, areaPrograms))
}

package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// addVideoMeeting adds the posted video meeting to the planning, in a new
// room, for a clinician of a unit with a video service
// (runtime.AddVideoMeeting); a refused one is shown again on the planning
// page with what was typed and why.
func (s *Server) addVideoMeeting(w http.ResponseWriter, r *http.Request) {
	l, unit := enrolmentFrom(r.Context()), unitFrom(r.Context())
	in := runtime.VideoInput{Title: r.PostFormValue("title"), Date: r.PostFormValue("date"), Time: r.PostFormValue("time"), Note: formText(r, "note")}
	errs, ok := s.doPlanning(w, r, runtime.AddVideoMeeting(l.Program, unit, in, runtime.NewVideoRoom()))
	switch {
	case ok:
		s.setFlash(w, r, "video.flash.added")
		month := planningMonthOf(runtime.PlanningInput{Precision: runtime.PrecisionExact, Date: in.Date}, runtime.ThisMonth(s.now()))
		redirect(w, r, planningURL(r, month)+"#planning-h")
	case errs != nil:
		s.renderPlanningVideo(w, r, l, http.StatusUnprocessableEntity, &view.VideoForm{Title: in.Title, Date: in.Date, Time: in.Time, Note: in.Note, Errors: errs})
	}
}

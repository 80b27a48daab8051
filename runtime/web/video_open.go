package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// Video meetings on the planning tab: the link that opens one in its
// window, for the citizen under /e/{enrolment}/video/{item} and for the
// staff under /u/{unit}/video/{enrolment}/{item}; the form that adds one
// (staff, video_add.go); and what the page says of them.

// errVideoClosed is a video meeting opened outside its window.
var errVideoClosed = &webError{http.StatusConflict, "E409-VIDEO", "video.error.closed", nil}

// videoJoinURL is the link that opens video meeting id of the enrolment
// in the context, on the reader's side.
func videoJoinURL(r *http.Request, id string) string {
	l := enrolmentFrom(r.Context())
	if u := unitFrom(r.Context()); u.ID != "" {
		return areaURL(u.ID, areaVideo) + "/" + l.E.ID + "/" + id
	}
	return citizenBase(l.E) + "/video/" + id
}

// videoUnit is the unit whose service the enrolment's meetings open in:
// the enrolment's own, which the staff side has loaded already.
func (s *Server) videoUnit(r *http.Request, e *runtime.Enrolment) (runtime.Unit, error) {
	if u := unitFrom(r.Context()); u.ID == e.Unit {
		return u, nil
	}
	return s.store.Unit(r.Context(), e.Unit)
}

// openVideo opens a video meeting: runtime.JoinVideo decides, at the time
// of the request, whether it is open; the opening is written to the
// access log; then the reader is sent on (303) to the service's address.
// Outside the window, after the end or without a service it refuses with
// a page that says why.
func (s *Server) openVideo(w http.ResponseWriter, r *http.Request) {
	l, id := enrolmentFrom(r.Context()), chi.URLParam(r, "item")
	unit, err := s.videoUnit(r, l.E)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, err := runtime.JoinVideo(l.E, unit, id, s.now())
	switch {
	case errors.Is(err, runtime.ErrVideoClosed):
		s.fail(w, r, errVideoClosed.with(err))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if staffSide(r) {
		err = s.logAccess(r, runtime.AccessVideo, id)
	} else {
		role := s.citizenActor(r).Role
		err = s.store.AppendAccess(r.Context(), runtime.AccessEntry{At: s.now(), Staff: string(role), Role: role,
			Unit: l.E.Unit, Enrolment: l.E.ID, Kind: runtime.AccessVideo, Object: id})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "video meeting opened", "enrolment", l.E.ID, "item", id)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// videoItemView adds to a video meeting's view its link in the window, or
// when the link shows.
func (s *Server) videoItemView(r *http.Request, l *loaded, it *runtime.PlanningItem, v *view.PlanningItemView) {
	cat := s.cat(r)
	now := s.now()
	start, _ := it.VideoStart()
	switch {
	case l.E.VideoJoinable(it, now):
		v.Join = videoJoinURL(r, it.ID)
	case l.E.Ended():
		v.VideoNote = cat.T("video.item.ended")
	case now.Before(start):
		v.VideoNote = cat.T("video.item.later", int(runtime.VideoOpens.Minutes()))
	default:
		v.VideoNote = cat.T("video.item.passed")
	}
}

// planningVideo adds to the planning page the form that adds a video
// meeting (staff of a unit with a service, while the planning takes
// changes) and the notice of what stegvis keeps of them.
func (s *Server) planningVideo(r *http.Request, l *loaded, v *view.PlanningView, typed *view.VideoForm) {
	for _, it := range l.E.Planning {
		if it.Video() {
			v.VideoNotice = true
		}
	}
	unit := unitFrom(r.Context())
	if !staffSide(r) || unit.Video == "" || v.ReadOnly != "" || len(l.E.Planning) >= runtime.MaxPlanningItems {
		return
	}
	if typed == nil {
		typed = &view.VideoForm{}
	}
	typed.Action = enrolmentURL(unit.ID, l.E.ID) + "/video"
	typed.MaxTitle, typed.MaxNote = runtime.MaxPlanningTitle, runtime.MaxPlanningNote
	v.Video, v.VideoNotice = typed, true
}

// renderPlanningVideo renders the planning tab with a refused video
// meeting in its form.
func (s *Server) renderPlanningVideo(w http.ResponseWriter, r *http.Request, l *loaded, status int, f *view.VideoForm) {
	s.planningPage(w, r, l, status, "", nil, f)
}

// videoLinks are the links to the enrolment's video meetings open now,
// for the citizen's overview and the manage view's header.
func (s *Server) videoLinks(r *http.Request, l *loaded) []view.Link {
	var out []view.Link
	for _, it := range l.E.VideoMeetingsOpen(s.now()) {
		out = append(out, view.Link{Href: videoJoinURL(r, it.ID), Label: it.Title})
	}
	return out
}

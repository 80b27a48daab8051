package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// What the pages of contacts and planning share, for the citizen under
// /e/{enrolment} and for the staff under /u/{unit}/enrolments/{enrolment}:
// the same pages, told apart by the unit in the context as the messages
// are (staffSide).

// The tabs of contacts, planning and bookmarks, for the citizen's tab bar
// and the manage view's.
const (
	tabContacts  = "contacts"
	tabPlanning  = "planning"
	tabBookmarks = "bookmarks"
)

// careURL is a page of the enrolment in the context below tail
// ("contacts", "planning/12"), on the reader's side.
func careURL(r *http.Request, tail string) string {
	l := enrolmentFrom(r.Context())
	if u := unitFrom(r.Context()); u.ID != "" {
		return enrolmentURL(u.ID, l.E.ID) + "/" + tail
	}
	return citizenBase(l.E) + "/" + tail
}

// careTop is the top of a contacts or planning page: the citizen's
// heading and tabs, or the staff's manage header, with tab current.
func (s *Server) careTop(r *http.Request, l *loaded, tab, heading string) view.CareTop {
	top := view.CareTop{Heading: heading, ReadOnly: s.careReadOnly(r, l.E)}
	if ss := sessionFrom(r.Context()); ss != nil {
		top.CSRF = ss.CSRF
	}
	if staffSide(r) {
		top.Header = s.manageHeader(r, l, unitFrom(r.Context()), tab, map[string]string{})
	} else {
		top.Tabs = s.tabs(r, l, tab)
	}
	return top
}

// careReadOnly says why nothing can be changed, or nothing.
func (s *Server) careReadOnly(r *http.Request, e *runtime.Enrolment) string {
	switch e.CheckWrite() {
	case nil:
		return ""
	case runtime.ErrEnded:
		return s.cat(r).T("care.readonly.ended")
	}
	return s.cat(r).T("care.readonly.maintenance")
}

// careActor is who writes: the member of staff, or the citizen (the
// guardian acting for them).
func (s *Server) careActor(r *http.Request) runtime.Actor { return s.messageActor(r) }

// stamped says who created an entry and who last changed it, and when,
// as who does.
func (s *Server) stamped(r *http.Request, e *runtime.Enrolment, st runtime.Stamp, names map[string]string) (created, changed view.Who) {
	return s.who(r, e, st.CreatedBy, st.CreatedAt, names), s.who(r, e, st.ChangedBy, st.ChangedAt, names)
}

// who says who did something and when, as the reader knows them: the
// citizen reads "dig" for themselves, staff read "invånaren" for the
// citizen, whose name a protected identity keeps from them; anyone else
// by name (runtime.ActorName).
func (s *Server) who(r *http.Request, e *runtime.Enrolment, a runtime.Actor, at time.Time, names map[string]string) view.Who {
	cat := s.cat(r)
	out := view.Who{At: s.dateTime(at)}
	switch {
	case !staffSide(r) && a == s.citizenActor(r):
		out.By = cat.T("care.by.you")
	case a.Role == runtime.RoleCitizen && staffSide(r):
		out.By = cat.T("care.by.citizen")
	case a.Role == runtime.RoleCitizen:
		out.By = e.CitizenName
	case a.Role == runtime.RoleGuardian:
		out.By = cat.T("care.by.guardian", s.actorName(r, a))
	case a.Role == runtime.RoleSystem:
		out.By = cat.T("timeline.actor.system")
	default:
		out.By = s.staffName(r, a.ID, names)
	}
	return out
}

// fieldErrors turns the fields a decision refused into the texts that
// show beside them, from prefix+"."+field+"."+reason in the catalogue;
// it reports false for any other error.
func (s *Server) fieldErrors(r *http.Request, err error, prefix string) (map[string]string, bool) {
	var fe runtime.FieldErrors
	if !errors.As(err, &fe) {
		return nil, false
	}
	cat := s.cat(r)
	out := map[string]string{}
	for _, e := range fe {
		out[e.Field] = cat.T(prefix + ".error." + e.Field + "." + e.Reason)
	}
	return out, true
}

// formText is a posted text with the browser's line breaks made plain.
func formText(r *http.Request, name string) string {
	return strings.ReplaceAll(r.PostFormValue(name), "\r\n", "\n")
}

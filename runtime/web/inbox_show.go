package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes/view"
)

// recipient is the signed-in user as notifications address them.
func recipient(u *user) runtime.Recipient {
	if u.Kind == auth.Staff {
		return runtime.Recipient{Kind: runtime.RecipientStaff, ID: u.ID}
	}
	return runtime.Recipient{Kind: runtime.RecipientCitizen, ID: u.ID}
}

// inboxView reads the user's notifications, of one enrolment or one unit
// when set, for a page whose mark-read forms post to markRead and return
// to next.
func (s *Server) inboxView(r *http.Request, enrolment, unit, markRead, next string) (*view.InboxView, error) {
	u := userFrom(r.Context())
	items, err := s.store.Inbox(r.Context(), recipient(u))
	if err != nil {
		return nil, err
	}
	items = runtime.InboxOf(items, enrolment, unit)
	v := &view.InboxView{Unread: runtime.Unread(items)}
	if ss := sessionFrom(r.Context()); ss != nil {
		v.CSRF = ss.CSRF
	}
	for _, it := range items {
		msg := it.Message
		if it.Flag == runtime.MessageFlag && msg == "" {
			// A message's notification carries no text of it.
			msg = s.cat(r).T("messages.notification")
		}
		iv := view.InboxItemView{Key: it.Key, Message: msg, At: s.dateTime(it.At), Urgent: it.Urgent, Read: it.Read(),
			MarkRead: markRead, Next: next}
		if it.Enrolment != "" {
			if u.Kind == auth.Staff {
				iv.Href = enrolmentURL(it.Unit, it.Enrolment)
			} else if enrolment == "" {
				iv.Href = "/e/" + it.Enrolment + "/"
			}
		}
		v.Items = append(v.Items, iv)
	}
	return v, nil
}

// showStaffInbox shows a member of staff their notifications of the unit
// ("Aviseringar"): urgent flags, flags to review, escalations.
func (s *Server) showStaffInbox(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context()).ID
	here := areaURL(unit, areaNotifications)
	v, err := s.inboxView(r, "", unit, staffReadURL(unit), here)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Settings = areaURL(unit, areaProfile)
	s.render(w, r, http.StatusOK, "inbox", s.cat(r).T("web.title.notifications"), v)
}

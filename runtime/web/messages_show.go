package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The messages tab, for the citizen under /e/{enrolment}/messages and for
// the staff under /u/{unit}/enrolments/{enrolment}/messages: the same
// pages, told apart by the unit in the context. The staff are one side of
// each conversation, whichever of them reads or writes.

// hasMessages reports whether the program shows the messages tab: with
// messages or page comments, whose conversations the tab lists.
func hasMessages(p *designer.Program) bool {
	return p.Has(designer.FeatureMessages) || p.Has(designer.FeaturePageComments)
}

// staffSide reports whether the request is the staff's.
func staffSide(r *http.Request) bool { return unitFrom(r.Context()).ID != "" }

// side is the reader's side of the conversations.
func side(r *http.Request) runtime.Side {
	if staffSide(r) {
		return runtime.SideStaff
	}
	return runtime.SideCitizen
}

// messageActor is who writes: the member of staff or the citizen.
func (s *Server) messageActor(r *http.Request) runtime.Actor {
	if staffSide(r) {
		return s.staffActor(r)
	}
	return s.citizenActor(r)
}

// messagesURL is the messages tab of the enrolment in the context.
func messagesURL(r *http.Request) string {
	l := enrolmentFrom(r.Context())
	if u := unitFrom(r.Context()); u.ID != "" {
		return enrolmentURL(u.ID, l.E.ID) + "/messages"
	}
	return citizenBase(l.E) + "/messages"
}

// conversationURL is a conversation's page.
func conversationURL(r *http.Request, id string) string { return messagesURL(r) + "/" + id }

// unreadForStaff is the number of the citizen's messages no clinician has
// read, for the staff's tab bar and lists.
func unreadForStaff(e *runtime.Enrolment) int { return e.UnreadForStaff() }

// unreadForCitizen is the number of the clinicians' messages the citizen
// has not read, for the citizen's tab.
func unreadForCitizen(e *runtime.Enrolment) int { return e.UnreadForCitizen() }

// messageTabs are the tabs above the citizen's messages pages; the
// staff's pages have the manage view's header and tabs (messageHeader).
func (s *Server) messageTabs(r *http.Request, l *loaded) []view.Link {
	if staffSide(r) {
		return nil
	}
	return s.tabs(r, l, "messages")
}

// messageHeader is, for the staff, the manage view's summary and tabs
// with Meddelanden current; nil for the citizen.
func (s *Server) messageHeader(r *http.Request, l *loaded) *view.ManageHeader {
	if !staffSide(r) {
		return nil
	}
	return s.manageHeader(r, l, unitFrom(r.Context()), tabMessages, map[string]string{})
}

// readOnlyNote says why no message can be written, or nothing.
func (s *Server) readOnlyNote(r *http.Request, e *runtime.Enrolment) string {
	switch e.CheckMessage() {
	case nil:
		return ""
	case runtime.ErrEnded:
		return s.cat(r).T("messages.readonly.ended")
	}
	return s.cat(r).T("messages.readonly.maintenance")
}

// conversationTitle is a conversation's title: its own, or for a page
// comment's the module and step it is about.
func (s *Server) conversationTitle(r *http.Request, p *designer.Program, cv *runtime.Conversation) string {
	if !cv.Comment() {
		return cv.Title
	}
	m, _, st, ok := p.Step(cv.Module, cv.Step)
	if !ok {
		return s.cat(r).T("messages.comment.title", cv.Module, cv.Step)
	}
	return s.cat(r).T("messages.comment.title", m.Title, st.Title)
}

// commentPage links a page comment's conversation to its step: the
// citizen's page, or for the staff none (they read the page in the manage
// view).
func commentPage(r *http.Request, e *runtime.Enrolment, cv *runtime.Conversation) string {
	if !cv.Comment() || staffSide(r) {
		return ""
	}
	return stepURL(e, cv.Module, cv.Step)
}

// showMessages shows the conversations, newest first, with their unread
// counts and drafts, and a form to start one. It reads only the state.
func (s *Server) showMessages(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasMessages(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	cat, me := s.cat(r), side(r)
	v := &view.MessagesView{Heading: cat.T("messages.heading"), Tabs: s.messageTabs(r, l), Header: s.messageHeader(r, l), MaxTitle: runtime.MaxTitle,
		Preset: cat.T("messages.preset"), ReadOnly: s.readOnlyNote(r, l.E)}
	if ss := sessionFrom(r.Context()); ss != nil {
		v.CSRF = ss.CSRF
	}
	if v.ReadOnly == "" && l.Program.Has(designer.FeatureMessages) {
		v.Start = messagesURL(r)
	}
	for _, cv := range l.E.ConversationsByLast() {
		it := view.ConversationItem{Href: conversationURL(r, cv.ID), Title: s.conversationTitle(r, l.Program, cv),
			Page: commentPage(r, l.E, cv), Unread: cv.Unread(me), Draft: cv.Draft(me) != "", Messages: cv.Messages(),
			Last: s.dateTime(cv.LastAt)}
		it.UnreadLabel = cat.N("messages.unread.count", it.Unread)
		it.CountLabel = cat.N("messages.list.count", it.Messages)
		v.Conversations = append(v.Conversations, it)
	}
	s.render(w, r, http.StatusOK, "messages", cat.T("messages.heading"), v)
}

// showConversation shows a conversation's messages, read from the log,
// and the form to write the next. Opening it marks what it shows as read:
// the page is the reading, so leaving it the reader has read it, and
// "mark as unread" takes one message back.
func (s *Server) showConversation(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	cv, ok := l.E.Conversation(chi.URLParam(r, "conversation"))
	if !hasMessages(l.Program) || !ok {
		s.fail(w, r, errNotFound)
		return
	}
	me := side(r)
	if cv.Unread(me) > 0 {
		e, err := s.svc.Do(r.Context(), l.E.ID, s.messageActor(r), runtime.ReadConversation(cv.ID, me))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		l.E = e
		if cv, ok = e.Conversation(cv.ID); !ok {
			s.fail(w, r, errNotFound)
			return
		}
	}
	msgs, err := s.messageViews(r, l.E, cv.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cat := s.cat(r)
	base := conversationURL(r, cv.ID)
	v := &view.ConversationView{Heading: cat.T("messages.heading"), Tabs: s.messageTabs(r, l), Header: s.messageHeader(r, l), Title: s.conversationTitle(r, l.Program, cv),
		Back: messagesURL(r), Page: commentPage(r, l.E, cv), Messages: msgs, DraftText: cv.Draft(me),
		MaxMessage: runtime.MaxMessage, MaxTitle: runtime.MaxTitle, ReadOnly: s.readOnlyNote(r, l.E)}
	if ss := sessionFrom(r.Context()); ss != nil {
		v.CSRF = ss.CSRF
	}
	if cv.Read[me] > 0 {
		v.Unread = base + "/unread"
	}
	if v.ReadOnly == "" {
		v.Send, v.Draft = base, base+"/draft"
		if cv.Messages() == 0 && !cv.Comment() {
			v.Rename, v.Delete = base+"/title", base+"/delete"
		}
	}
	s.render(w, r, http.StatusOK, "conversation", v.Title, v)
}

// messageViews returns a conversation's messages from the log as the
// reader sees them: their own marked as theirs, and for the staff the
// citizen's reading of the staff's messages.
func (s *Server) messageViews(r *http.Request, e *runtime.Enrolment, id string) ([]view.MessageView, error) {
	events, err := s.svc.Timeline(r.Context(), e.ID)
	if err != nil {
		return nil, err
	}
	msgs, err := runtime.ConversationMessages(events, id)
	if err != nil {
		return nil, err
	}
	cat, me := s.cat(r), side(r)
	out := make([]view.MessageView, 0, len(msgs))
	for _, m := range msgs {
		mv := view.MessageView{Mine: m.From == me, Text: m.Text, At: s.dateTime(m.At)}
		switch {
		case mv.Mine && me == runtime.SideStaff && m.Author != userFrom(r.Context()).ID:
			mv.From = s.staffName(r, m.Author, map[string]string{})
		case mv.Mine:
			mv.From = cat.T("messages.from.you")
		case m.From == runtime.SideStaff:
			mv.From = cat.T("messages.from.clinician")
		default:
			mv.From = e.CitizenName
		}
		if mv.Mine && me == runtime.SideStaff && !m.ReadAt.IsZero() {
			mv.Read = cat.T("messages.read", s.dateTime(m.ReadAt))
		}
		out = append(out, mv)
	}
	return out, nil
}

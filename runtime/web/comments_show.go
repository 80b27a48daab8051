package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// commentsView is the comment box under a step that takes comments: the
// step's conversation, which showing marks read as its page in the
// messages tab does, and the form that adds a comment. Only a step with
// comments reads the log.
func (s *Server) commentsView(r *http.Request, l *loaded, module, step string) (*view.CommentsView, error) {
	v := &view.CommentsView{MaxMessage: runtime.MaxMessage}
	if ss := sessionFrom(r.Context()); ss != nil {
		v.CSRF = ss.CSRF
	}
	if l.E.CheckMessage() == nil {
		v.Send = stepURL(l.E, module, step) + "/comment"
	}
	cv, ok := l.E.PageConversation(module, step)
	if !ok {
		return v, nil
	}
	if cv.Unread(runtime.SideCitizen) > 0 {
		e, err := s.svc.Do(r.Context(), l.E.ID, s.citizenActor(r), runtime.ReadConversation(cv.ID, runtime.SideCitizen))
		if err != nil {
			return nil, err
		}
		l.E = e
	}
	msgs, err := s.messageViews(r, l.E, cv.ID)
	if err != nil {
		return nil, err
	}
	v.Messages = msgs
	v.Thread = conversationURL(r, cv.ID)
	return v, nil
}

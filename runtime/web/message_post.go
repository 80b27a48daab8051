package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// The messages' actions, for the citizen and the staff alike: each
// decodes, asks its decision, and returns to the page it came from.

// messageText is a posted text with the browser's line breaks made plain.
func messageText(r *http.Request) string {
	return strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n")
}

// doMessage runs a decision of the messages as the reader, once per
// idempotency key, and redirects to to with the flash.
func (s *Server) doMessage(w http.ResponseWriter, r *http.Request, d runtime.Decision, to, flash string) (*runtime.Enrolment, bool) {
	l := enrolmentFrom(r.Context())
	if !hasMessages(l.Program) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	e, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.messageActor(r), commandKey(r), d)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if to != "" {
		s.setFlash(w, r, flash)
		redirect(w, r, to)
	}
	return e, true
}

// startConversation starts a conversation with the posted title and opens
// it.
func (s *Server) startConversation(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	e, ok := s.doMessage(w, r, runtime.StartConversation(l.Program, side(r), r.PostFormValue("title")), "", "")
	if !ok {
		return
	}
	// The conversation is the newest started.
	id := strconv.FormatInt(e.Seq, 10)
	if n := len(e.Conversations); n > 0 {
		id = e.Conversations[n-1].ID
	}
	s.setFlash(w, r, "messages.flash.started")
	redirect(w, r, conversationURL(r, id))
}

// sendMessage sends the posted text in a conversation.
func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) {
	l, id := enrolmentFrom(r.Context()), chi.URLParam(r, "conversation")
	d := runtime.SendMessage(l.Program, id, side(r), messageText(r), r.PostFormValue("notify"))
	s.doMessage(w, r, d, conversationURL(r, id), "messages.flash.sent")
}

// saveMessageDraft keeps the posted text as the reader's draft; an empty
// text drops it. The script posts here as the reader types and gets JSON
// back; without it, the "save draft" button posts here and returns to the
// list of conversations, which shows the draft.
func (s *Server) saveMessageDraft(w http.ResponseWriter, r *http.Request) {
	id, text := chi.URLParam(r, "conversation"), messageText(r)
	to, flash := messagesURL(r), "messages.flash.draft"
	if strings.TrimSpace(text) == "" {
		flash = "messages.flash.draft_cleared"
	}
	if wantsJSON(r) {
		to = ""
	}
	if _, ok := s.doMessage(w, r, runtime.SaveMessageDraft(id, side(r), text), to, flash); ok && wantsJSON(r) {
		msg := ""
		if strings.TrimSpace(text) != "" {
			msg = s.cat(r).T("messages.draft.saved", s.dateTime(s.now()))
		}
		writeJSON(w, http.StatusOK, map[string]string{"message": msg})
	}
}

// renameConversation changes the title of a conversation without
// messages.
func (s *Server) renameConversation(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "conversation")
	s.doMessage(w, r, runtime.RenameConversation(id, r.PostFormValue("title")), conversationURL(r, id), "messages.flash.renamed")
}

// deleteConversation deletes a conversation without messages.
func (s *Server) deleteConversation(w http.ResponseWriter, r *http.Request) {
	s.doMessage(w, r, runtime.DeleteConversation(chi.URLParam(r, "conversation")), messagesURL(r), "messages.flash.deleted")
}

// markConversationUnread lights the unread count of a conversation again
// and returns to the list, since opening the conversation would read it.
func (s *Server) markConversationUnread(w http.ResponseWriter, r *http.Request) {
	d := runtime.MarkConversationUnread(chi.URLParam(r, "conversation"), side(r))
	s.doMessage(w, r, d, messagesURL(r), "messages.flash.unread")
}

// commentStep sends the citizen's comment on a step and shows the step
// again, at its comments.
func (s *Server) commentStep(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	d := runtime.Comment(l.Program, module, step, runtime.SideCitizen, messageText(r), r.PostFormValue("notify"))
	s.doMessage(w, r, d, stepURL(l.E, module, step)+"#comments-h", "messages.flash.comment")
}

package runtime

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// The commands on conversations: start, rename, delete, send, comment on
// a page, keep a draft, read and mark unread. Each checks the rules of
// messages.go and returns the events that record it.

func checkTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return "", invalid("conversation: no title")
	}
	return title, checkLen("title", title, MaxTitle)
}

// checkText checks a message's text: not blank, at most MaxMessage.
func checkText(text string) error {
	if strings.TrimSpace(text) == "" {
		return invalid("message: no text")
	}
	return checkLen("message", text, MaxMessage)
}

// checkNotify checks a sender's choice of notification; empty means
// designer.DeliveryImmediate.
func checkNotify(notify string) (string, error) {
	switch notify {
	case "":
		return designer.DeliveryImmediate, nil
	case designer.DeliveryImmediate, designer.DeliveryDaily:
		return notify, nil
	}
	return "", invalid("message: notify %q", notify)
}

// writable returns the conversation id to write in, refusing in
// maintenance and after the end.
func writable(e *Enrolment, what, id string) (*Conversation, error) {
	if err := e.CheckMessage(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	cv, ok := e.Conversation(id)
	if !ok {
		return nil, fmt.Errorf("%s: conversation %q: %w", what, id, ErrNotFound)
	}
	return cv, nil
}

// StartConversation starts a conversation in the messages tab of a
// program with messages, by side, with the title (the page's preset, "Min
// konversation", when the person did not change it). The conversation's
// id is the new event's sequence number, e.Seq+1 on the state it decides
// on; Enrolment.Seq after Do.
func StartConversation(p *designer.Program, side Side, title string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !p.Has(designer.FeatureMessages) {
			return nil, invalid("start conversation: the program has no messages")
		}
		if !side.valid() {
			return nil, invalid("start conversation: side %q", side)
		}
		if err := e.CheckMessage(); err != nil {
			return nil, fmt.Errorf("start conversation: %w", err)
		}
		if len(e.Conversations) >= MaxConversations {
			return nil, invalid("start conversation: %d conversations, at most %d", len(e.Conversations), MaxConversations)
		}
		t, err := checkTitle(title)
		if err != nil {
			return nil, fmt.Errorf("start conversation: %w", err)
		}
		return []Change{&ConversationStarted{By: side, Title: t}}, nil
	})
}

// RenameConversation changes a conversation's title, until its first
// message is sent.
func RenameConversation(id, title string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		cv, err := writable(e, "rename conversation", id)
		if err != nil {
			return nil, err
		}
		if cv.Messages() > 0 || cv.Comment() {
			return nil, invalid("rename conversation %s: it has messages", id)
		}
		t, err := checkTitle(title)
		if err != nil {
			return nil, fmt.Errorf("rename conversation %s: %w", id, err)
		}
		if t == cv.Title {
			return nil, nil
		}
		return []Change{&ConversationRenamed{Conversation: id, Title: t}}, nil
	})
}

// DeleteConversation deletes a conversation that has no messages.
func DeleteConversation(id string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		cv, err := writable(e, "delete conversation", id)
		if err != nil {
			return nil, err
		}
		if cv.Messages() > 0 {
			return nil, invalid("delete conversation %s: it has messages", id)
		}
		return []Change{&ConversationDeleted{Conversation: id}}, nil
	})
}

// SendMessage sends text in conversation id from side, telling the other
// side by notify (designer.DeliveryImmediate or DeliveryDaily). A message
// from the citizen raises the program's review flags on
// message_received.
func SendMessage(p *designer.Program, id string, side Side, text, notify string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !side.valid() {
			return nil, invalid("send message: side %q", side)
		}
		if _, err := writable(e, "send message", id); err != nil {
			return nil, err
		}
		if err := checkText(text); err != nil {
			return nil, fmt.Errorf("send message: %w", err)
		}
		n, err := checkNotify(notify)
		if err != nil {
			return nil, err
		}
		out := []Change{&MessageSent{Conversation: id, From: side, Text: text, Notify: n}}
		if side == SideCitizen {
			out = append(out, messageFlags(p)...)
		}
		return out, nil
	})
}

// messageFlags are the review flags a citizen's message raises.
func messageFlags(p *designer.Program) []Change {
	var out []Change
	for _, f := range MessageFlags(p) {
		if f.Review {
			out = append(out, &FlagRaised{Flag: f.ID, Urgent: f.Urgent})
		}
	}
	return out
}

// MessageFlags returns the flags of p on message_received, in the
// program's order.
func MessageFlags(p *designer.Program) []*designer.Flag {
	var out []*designer.Flag
	for _, f := range p.Flags {
		if f.On == designer.TriggerMessageReceived {
			out = append(out, f)
		}
	}
	return out
}

// Comment sends text as a comment on a step by side: in the step's
// conversation, started with the comment when it is the first. The
// program must have page comments and the step allow them; the citizen
// comments only on a step they can open.
func Comment(p *designer.Program, module, step string, side Side, text, notify string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !p.Has(designer.FeaturePageComments) {
			return nil, invalid("comment: the program has no page comments")
		}
		_, _, st, ok := p.Step(module, step)
		if !ok || !st.Comments {
			return nil, invalid("comment on %s: the step takes no comments", StepKey(module, step))
		}
		if side == SideCitizen && !e.CanOpen(module, step) {
			return nil, invalid("comment on %s: not open to the citizen", StepKey(module, step))
		}
		if err := e.CheckMessage(); err != nil {
			return nil, fmt.Errorf("comment: %w", err)
		}
		var out []Change
		id := ""
		if cv, ok := e.PageConversation(module, step); ok {
			id = cv.ID
		} else {
			if len(e.Conversations) >= MaxConversations {
				return nil, invalid("comment: %d conversations, at most %d", len(e.Conversations), MaxConversations)
			}
			id = strconv.FormatInt(e.Seq+1, 10)
			out = append(out, &ConversationStarted{By: side, Module: module, Step: step})
		}
		scratch := *e
		scratch.Conversations = append(slices.Clone(e.Conversations), &Conversation{ID: id, Module: module, Step: step})
		more, err := SendMessage(p, id, side, text, notify)(&scratch)
		if err != nil {
			return nil, err
		}
		return append(out, more...), nil
	})
}

// SaveMessageDraft keeps side's unsent text in a conversation; an empty
// text (or one of blanks) drops the draft.
func SaveMessageDraft(id string, side Side, text string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !side.valid() {
			return nil, invalid("save message draft: side %q", side)
		}
		cv, err := writable(e, "save message draft", id)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(text) == "" {
			text = ""
		}
		if err := checkLen("message", text, MaxMessage); err != nil {
			return nil, fmt.Errorf("save message draft: %w", err)
		}
		if cv.Drafts[side] == text {
			return nil, nil
		}
		return []Change{&MessageDrafted{Conversation: id, From: side, Text: text}}, nil
	})
}

// ReadConversation records that side has read every message of the
// other side in the conversation (what its page shows). It is allowed in
// maintenance and, for the clinicians, after the end, so nothing is left
// unacknowledged.
func ReadConversation(id string, side Side) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		cv, ok := e.Conversation(id)
		if !ok {
			return nil, fmt.Errorf("read conversation %q: %w", id, ErrNotFound)
		}
		if cv.Unread(side) == 0 {
			return nil, nil
		}
		return []Change{&ConversationRead{Conversation: id, By: side, Upto: cv.Sent[side.Other()]}}, nil
	})
}

// MarkConversationUnread marks the last message side read in the
// conversation as unread again.
func MarkConversationUnread(id string, side Side) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		cv, ok := e.Conversation(id)
		if !ok {
			return nil, fmt.Errorf("mark conversation %q unread: %w", id, ErrNotFound)
		}
		if cv.Read[side] == 0 {
			return nil, nil
		}
		return []Change{&ConversationUnread{Conversation: id, By: side}}, nil
	})
}

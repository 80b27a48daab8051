package runtime

import (
	"slices"
	"strconv"
	"time"
)

// Messages ("meddelanden") and page comments ("kommentarer"): the
// conversations between the citizen and the clinicians. The messages live
// in the enrolment's log, so the timeline shows them and Purge removes
// them; the state keeps only what the lists need without reading the log
// (each conversation's title, counts, how far each side has read, and the
// drafts), so listing many enrolments with their unread counts reads only
// their snapshots. A conversation's page reads its messages from the log
// (ConversationMessages).
//
// Reading is a count: each side has read the first Read messages of the
// other side. Opening a conversation marks what it shows as read; "mark as
// unread" lowers the count by one, which lights the count again. In
// maintenance and after the end no message is written (CheckMessage), and
// the conversations stay readable.

func init() {
	register(func() Change { return new(ConversationStarted) })
	register(func() Change { return new(ConversationRenamed) })
	register(func() Change { return new(ConversationDeleted) })
	register(func() Change { return new(MessageSent) })
	register(func() Change { return new(MessageDrafted) })
	register(func() Change { return new(ConversationRead) })
	register(func() Change { return new(ConversationUnread) })
}

// Side is a party of a conversation: the citizen (with a guardian acting
// for them) or the staff of the enrolment.
type Side string

// The sides of a conversation.
const (
	SideCitizen Side = "c"
	SideStaff   Side = "s"
)

// SideOf returns the side an actor writes for.
func SideOf(a Actor) Side {
	if a.ActsAsCitizen() {
		return SideCitizen
	}
	return SideStaff
}

// Other returns the other side.
func (s Side) Other() Side {
	if s == SideCitizen {
		return SideStaff
	}
	return SideCitizen
}

func (s Side) valid() bool { return s == SideCitizen || s == SideStaff }

// Conversation is one conversation of an enrolment, as the state keeps
// it: no message text but the drafts.
type Conversation struct {
	// ID is the sequence number of its ConversationStarted event.
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Module and Step tie a page comment's conversation to its step;
	// both are empty for a conversation started in the messages tab.
	Module    string    `json:"module,omitempty"`
	Step      string    `json:"step,omitempty"`
	By        Side      `json:"by"`
	StartedAt time.Time `json:"started_at"`
	// Sent counts the messages from each side; Read how many of the
	// other side's messages each side has read.
	Sent map[Side]int `json:"sent,omitempty"`
	Read map[Side]int `json:"read,omitempty"`
	// LastAt is when the last message was sent.
	LastAt time.Time `json:"last_at,omitzero"`
	// Drafts are each side's unsent text.
	Drafts map[Side]string `json:"drafts,omitempty"`
}

// Comment reports whether the conversation holds the comments on a page.
func (c *Conversation) Comment() bool { return c.Step != "" }

// Messages is the number of messages in the conversation.
func (c *Conversation) Messages() int { return c.Sent[SideCitizen] + c.Sent[SideStaff] }

// Unread is the number of the other side's messages side has not read.
func (c *Conversation) Unread(side Side) int {
	return max(0, c.Sent[side.Other()]-c.Read[side])
}

// Draft returns side's unsent text.
func (c *Conversation) Draft(side Side) string { return c.Drafts[side] }

// Conversation returns the conversation with the given id.
func (e *Enrolment) Conversation(id string) (*Conversation, bool) {
	for _, c := range e.Conversations {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// PageConversation returns the conversation of the comments on a step.
func (e *Enrolment) PageConversation(module, step string) (*Conversation, bool) {
	for _, c := range e.Conversations {
		if c.Module == module && c.Step == step && step != "" {
			return c, true
		}
	}
	return nil, false
}

// ConversationsByLast returns the conversations, the one with the latest
// message (or, without messages, the latest started) first.
func (e *Enrolment) ConversationsByLast() []*Conversation {
	out := slices.Clone(e.Conversations)
	last := func(c *Conversation) time.Time {
		if c.LastAt.IsZero() {
			return c.StartedAt
		}
		return c.LastAt
	}
	slices.SortStableFunc(out, func(a, b *Conversation) int { return last(b).Compare(last(a)) })
	return out
}

// UnreadMessages is the number of messages side has not read, over every
// conversation. It reads only the state.
func (e *Enrolment) UnreadMessages(side Side) int {
	n := 0
	for _, c := range e.Conversations {
		n += c.Unread(side)
	}
	return n
}

// UnreadForStaff is the number of the citizen's messages no clinician has
// read, for the staff's tabs and lists.
func (e *Enrolment) UnreadForStaff() int { return e.UnreadMessages(SideStaff) }

// UnreadForCitizen is the number of the clinicians' messages the citizen
// has not read, for the citizen's tab.
func (e *Enrolment) UnreadForCitizen() int { return e.UnreadMessages(SideCitizen) }

// CheckMessage returns nil when a new message, conversation or draft may
// be written, and else why not: ErrEnded after the end, ErrReadOnly in
// maintenance, for both sides.
func (e *Enrolment) CheckMessage() error { return e.CheckWrite() }

// ConversationStarted starts a conversation; its id is the event's
// sequence number.
type ConversationStarted struct {
	By     Side   `json:"by"`
	Title  string `json:"title,omitempty"`
	Module string `json:"module,omitempty"`
	Step   string `json:"step,omitempty"`
}

// EventType returns "conversation_started".
func (*ConversationStarted) EventType() string { return "conversation_started" }

func (c *ConversationStarted) apply(e *Enrolment, ev Event) {
	e.Conversations = append(e.Conversations, &Conversation{
		ID: strconv.FormatInt(ev.Seq, 10), Title: c.Title, Module: c.Module, Step: c.Step,
		By: c.By, StartedAt: ev.At,
	})
}

// ConversationRenamed changes the title of a conversation without
// messages.
type ConversationRenamed struct {
	Conversation string `json:"conv"`
	Title        string `json:"title"`
}

// EventType returns "conversation_renamed".
func (*ConversationRenamed) EventType() string { return "conversation_renamed" }

func (c *ConversationRenamed) apply(e *Enrolment, _ Event) {
	if cv, ok := e.Conversation(c.Conversation); ok {
		cv.Title = c.Title
	}
}

// ConversationDeleted deletes a conversation without messages.
type ConversationDeleted struct {
	Conversation string `json:"conv"`
}

// EventType returns "conversation_deleted".
func (*ConversationDeleted) EventType() string { return "conversation_deleted" }

func (c *ConversationDeleted) apply(e *Enrolment, _ Event) {
	e.Conversations = slices.DeleteFunc(e.Conversations, func(cv *Conversation) bool { return cv.ID == c.Conversation })
	if len(e.Conversations) == 0 {
		e.Conversations = nil
	}
}

// MessageSent is one message; its id is the event's sequence number. It
// drops the sender's draft. Notify is how the other side is told:
// designer.DeliveryImmediate or designer.DeliveryDaily.
type MessageSent struct {
	Conversation string `json:"conv"`
	From         Side   `json:"from"`
	Text         string `json:"text"`
	Notify       string `json:"notify,omitempty"`
}

// EventType returns "message_sent".
func (*MessageSent) EventType() string { return "message_sent" }

func (c *MessageSent) apply(e *Enrolment, ev Event) {
	cv, ok := e.Conversation(c.Conversation)
	if !ok {
		return
	}
	if cv.Sent == nil {
		cv.Sent = map[Side]int{}
	}
	cv.Sent[c.From]++
	// What one writes, one has read: the other side's messages before it.
	if cv.Read == nil {
		cv.Read = map[Side]int{}
	}
	cv.Read[c.From] = cv.Sent[c.From.Other()]
	cv.LastAt = ev.At
	cv.Drafts = without(cv.Drafts, c.From)
}

// MessageDrafted keeps a side's unsent text; an empty text drops it.
type MessageDrafted struct {
	Conversation string `json:"conv"`
	From         Side   `json:"from"`
	Text         string `json:"text,omitempty"`
}

// EventType returns "message_drafted".
func (*MessageDrafted) EventType() string { return "message_drafted" }

func (c *MessageDrafted) apply(e *Enrolment, _ Event) {
	cv, ok := e.Conversation(c.Conversation)
	if !ok {
		return
	}
	if c.Text == "" {
		cv.Drafts = without(cv.Drafts, c.From)
		return
	}
	if cv.Drafts == nil {
		cv.Drafts = map[Side]string{}
	}
	cv.Drafts[c.From] = c.Text
}

// ConversationRead records that a side has read the first Upto messages
// of the other side.
type ConversationRead struct {
	Conversation string `json:"conv"`
	By           Side   `json:"by"`
	Upto         int    `json:"upto"`
}

// EventType returns "conversation_read".
func (*ConversationRead) EventType() string { return "conversation_read" }

func (c *ConversationRead) apply(e *Enrolment, _ Event) {
	cv, ok := e.Conversation(c.Conversation)
	if !ok {
		return
	}
	if cv.Read == nil {
		cv.Read = map[Side]int{}
	}
	cv.Read[c.By] = c.Upto
}

// ConversationUnread marks the last message a side has read as unread.
type ConversationUnread struct {
	Conversation string `json:"conv"`
	By           Side   `json:"by"`
}

// EventType returns "conversation_unread".
func (*ConversationUnread) EventType() string { return "conversation_unread" }

func (c *ConversationUnread) apply(e *Enrolment, _ Event) {
	if cv, ok := e.Conversation(c.Conversation); ok && cv.Read[c.By] > 0 {
		cv.Read[c.By]--
	}
}

// checkTitle trims a title and checks it against MaxTitle.

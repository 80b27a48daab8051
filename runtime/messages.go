package runtime

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
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

// Message is one message of a conversation, read from the log.
type Message struct {
	// ID is the sequence number of its MessageSent event.
	ID     string
	From   Side
	Author string
	Text   string
	At     time.Time
	// ReadAt is when the other side first read it; zero while unread
	// (or when it was marked unread before the first reading).
	ReadAt time.Time
}

// ConversationMessages returns the messages of conversation id from the
// enrolment's log, oldest first, with when the other side read each.
func ConversationMessages(events []Event, id string) ([]Message, error) {
	var out []Message
	sent := map[Side][]int{} // indexes in out by sender
	for _, ev := range events {
		switch ev.Type {
		case (&MessageSent{}).EventType(), (&ConversationRead{}).EventType():
		default:
			continue
		}
		c, err := ev.Change()
		if err != nil {
			return nil, err
		}
		switch c := c.(type) {
		case *MessageSent:
			if c.Conversation != id {
				continue
			}
			sent[c.From] = append(sent[c.From], len(out))
			out = append(out, Message{ID: strconv.FormatInt(ev.Seq, 10), From: c.From, Author: ev.Actor.ID, Text: c.Text, At: ev.At})
			// Writing reads the other side's messages before it.
			markRead(out, sent[c.From.Other()], len(sent[c.From.Other()]), ev.At)
		case *ConversationRead:
			if c.Conversation == id {
				markRead(out, sent[c.By.Other()], c.Upto, ev.At)
			}
		}
	}
	return out, nil
}

func markRead(out []Message, idx []int, upto int, at time.Time) {
	for _, i := range idx[:min(upto, len(idx))] {
		if out[i].ReadAt.IsZero() {
			out[i].ReadAt = at
		}
	}
}

// MessageFlag is the Notification.Flag of the notification that tells the
// other side of a new message. Its Message is empty: a notification never
// carries a message's text, and the inbox shows the catalogue's words.
const MessageFlag = "message"

// MessageNotifications returns the notifications a MessageSent event ev
// sends: one to the other side (the citizen, or the responsible
// clinician) delivered as the sender chose, and, for the citizen's
// message, those of the program's flags on message_received, keyed by the
// message. None after the end.
func MessageNotifications(p *designer.Program, e *Enrolment, ev Event) ([]Notification, error) {
	c, err := ev.Change()
	if err != nil {
		return nil, err
	}
	m, ok := c.(*MessageSent)
	if !ok {
		return nil, fmt.Errorf("event %d: %s is not a message", ev.Seq, ev.Type)
	}
	if e.Ended() {
		return nil, nil
	}
	occasion := "m" + strconv.FormatInt(ev.Seq, 10)
	r := Recipient{Kind: RecipientStaff, ID: e.Clinician}
	if m.From == SideStaff {
		r = Recipient{Kind: RecipientCitizen, ID: e.Citizen}
	}
	out := []Notification{{
		Key: NotificationKey(e.ID, MessageFlag, occasion, r), Enrolment: e.ID, Unit: e.Unit, Flag: MessageFlag,
		Recipient: r, Delivery: cmp.Or(m.Notify, designer.DeliveryImmediate), At: ev.At.UTC(),
	}}
	if m.From == SideCitizen {
		for _, f := range MessageFlags(p) {
			out = append(out, FlagNotifications(e, f, occasion, ev.At)...)
		}
	}
	return out, nil
}

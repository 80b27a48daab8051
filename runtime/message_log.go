package runtime

import (
	"cmp"
	"fmt"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Reading the messages of a conversation from the log, with their read
// receipts, and the notifications a message makes.

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

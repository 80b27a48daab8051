package runtime

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"
	"unicode/utf8"
)

// The inbox ("aviseringar" in stegvis): every notification lands in its
// recipient's inbox, whatever else the recipient has turned on, and stays
// there until read and old. A citizen's inbox spans their enrolments; a
// member of staff's spans their units, and each unit's page shows its
// own.

// Inbox bounds: an inbox holds at most InboxMax items, and a read item
// goes InboxKeepRead after its notification. When an inbox is full the
// oldest read items go first, then the oldest unread ones. A notification
// is asked for again only while its job is retried, hours at most, so an
// item dropped this late is never added twice.
const (
	InboxMax      = 200
	InboxKeepRead = 30 * 24 * time.Hour
	// MaxInboxMessage bounds the text an item keeps, in bytes.
	MaxInboxMessage = 1000
)

// InboxItem is one notification as its recipient sees it in stegvis.
type InboxItem struct {
	// Key is the notification's Key: one key is one item.
	Key       string    `json:"key"`
	Enrolment string    `json:"e,omitempty"`
	Unit      string    `json:"u,omitempty"`
	Flag      string    `json:"f,omitempty"`
	Message   string    `json:"m,omitempty"`
	Urgent    bool      `json:"urg,omitempty"`
	At        time.Time `json:"at"`
	// ReadAt is when the recipient marked it read; zero while unread.
	ReadAt time.Time `json:"read,omitzero"`
}

// Read reports whether the recipient has marked the item read.
func (i InboxItem) Read() bool { return !i.ReadAt.IsZero() }

// InboxItemOf is the inbox item of a notification, its text cut to
// MaxInboxMessage bytes.
func InboxItemOf(n Notification) InboxItem {
	msg := n.Message
	if len(msg) > MaxInboxMessage {
		msg = msg[:MaxInboxMessage]
		for !utf8.ValidString(msg) {
			msg = msg[:len(msg)-1]
		}
	}
	return InboxItem{Key: n.Key, Enrolment: n.Enrolment, Unit: n.Unit, Flag: n.Flag, Message: msg, Urgent: n.Urgent, At: n.At.UTC()}
}

// InboxStore keeps the recipients' inboxes and the record of what has
// been sent by e-mail and SMS; both stores keep it.
type InboxStore interface {
	// AddToInbox adds item to r's inbox once per item.Key, atomically: it
	// returns false and changes nothing when the inbox has the key
	// already. It also drops read items older than InboxKeepRead (by
	// their At) and, past InboxMax items, the oldest (read ones first).
	AddToInbox(ctx context.Context, r Recipient, item InboxItem, now time.Time) (bool, error)
	// Inbox returns r's items, newest first (by At, then key); an empty
	// inbox is no items, not an error.
	Inbox(ctx context.Context, r Recipient) ([]InboxItem, error)
	// MarkInboxRead marks an item read at at; an item read already keeps
	// its first time. A missing item is ErrNotFound.
	MarkInboxRead(ctx context.Context, r Recipient, key string, at time.Time) error

	// ClaimDelivery claims the send of a delivery (a message on one
	// channel, by its id) with token until now+lease. It returns
	// DeliverySent when it has been sent, DeliveryBusy when another
	// token's claim runs until after now, and DeliveryClaimed when the
	// caller now holds it and may send. Records are kept DeliveryKeep.
	ClaimDelivery(ctx context.Context, id, token string, now time.Time, lease time.Duration) (DeliveryState, error)
	// FinishDelivery records the delivery as sent at at, whoever holds
	// its claim: the message went out, and no one may send it again.
	FinishDelivery(ctx context.Context, id, token string, at time.Time) error
	// ReleaseDelivery drops the claim of token on a delivery not sent, so
	// that a retry may send at once. Another's claim, or a delivery sent,
	// stays.
	ReleaseDelivery(ctx context.Context, id, token string) error
}

// DeliveryState is what ClaimDelivery found.
type DeliveryState string

// Delivery states.
const (
	DeliveryClaimed DeliveryState = "claimed"
	DeliveryBusy    DeliveryState = "busy"
	DeliverySent    DeliveryState = "sent"
)

// DeliveryKeep is how long a store remembers a delivery's claim or send:
// far longer than a job is retried.
const DeliveryKeep = 14 * 24 * time.Hour

// RecipientKey names a recipient in store keys and job ids without a
// personal identity number: "staff:<id>", or "citizen:" and a hash of the
// number.
func RecipientKey(r Recipient) string {
	if r.Kind == RecipientCitizen {
		sum := sha256.Sum256([]byte("stegvis-citizen:" + r.ID))
		return string(r.Kind) + ":" + hex.EncodeToString(sum[:12])
	}
	return string(r.Kind) + ":" + r.ID
}

// SortInbox orders items newest first, by At and then key, as
// InboxStore.Inbox returns them.
func SortInbox(items []InboxItem) {
	sort.Slice(items, func(i, j int) bool {
		if !items[i].At.Equal(items[j].At) {
			return items[i].At.After(items[j].At)
		}
		return items[i].Key > items[j].Key
	})
}

// TrimInbox returns the keys of items to drop from an inbox as
// AddToInbox does at now: read items older than InboxKeepRead, then, past
// InboxMax, the oldest read ones and then the oldest unread ones.
func TrimInbox(items []InboxItem, now time.Time) []string {
	SortInbox(items)
	var drop []string
	keep := items[:0:0]
	for _, it := range items {
		if it.Read() && now.Sub(it.At) > InboxKeepRead {
			drop = append(drop, it.Key)
			continue
		}
		keep = append(keep, it)
	}
	over := len(keep) - InboxMax
	for _, read := range []bool{true, false} {
		for i := len(keep) - 1; i >= 0 && over > 0; i-- {
			if keep[i].Read() == read {
				drop = append(drop, keep[i].Key)
				keep = append(keep[:i], keep[i+1:]...)
				over--
			}
		}
	}
	return drop
}

// Unread counts the unread items.
func Unread(items []InboxItem) int {
	n := 0
	for _, it := range items {
		if !it.Read() {
			n++
		}
	}
	return n
}

// InboxOf returns the items of one enrolment or one unit: those whose
// Enrolment (when enrolment is set) and Unit (when unit is set) match.
func InboxOf(items []InboxItem, enrolment, unit string) []InboxItem {
	var out []InboxItem
	for _, it := range items {
		if (enrolment == "" || it.Enrolment == enrolment) && (unit == "" || it.Unit == unit) {
			out = append(out, it)
		}
	}
	return out
}

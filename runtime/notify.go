package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Notifications ("aviseringar"): what a flag with `notify:` sends, to
// whom, and the Notifier that delivers it. The scheduler's handlers and
// the planner (for flags on submissions) make them; a Notifier decides
// how they reach the recipient: the inbox, e-mail, SMS, or the log.

// RecipientKind is who a notification goes to.
type RecipientKind string

// Recipient kinds.
const (
	// RecipientCitizen is the enrolment's citizen; Recipient.ID is the
	// personal identity number.
	RecipientCitizen RecipientKind = "citizen"
	// RecipientStaff is a member of staff; Recipient.ID is the staff id.
	RecipientStaff RecipientKind = "staff"
)

// Recipient is who receives a notification.
type Recipient struct {
	Kind RecipientKind `json:"kind"`
	ID   string        `json:"id"`
}

// keyPart is the recipient in a notification's key: the citizen by kind
// alone (an enrolment has one), so that no personal identity number ends
// up in the queue's job ids; staff by id.
func (r Recipient) keyPart() string {
	if r.Kind == RecipientCitizen {
		return string(r.Kind)
	}
	return string(r.Kind) + ":" + r.ID
}

// Notification is one message a flag sends to one recipient.
type Notification struct {
	// Key names the notification for idempotency: one (enrolment, flag,
	// occasion, recipient) is one notification, however often a retried
	// job asks for it (NotificationKey).
	Key       string    `json:"key"`
	Enrolment string    `json:"enrolment"`
	Unit      string    `json:"unit"`
	Flag      string    `json:"flag"`
	Recipient Recipient `json:"recipient"`
	// Message is the flag's text, written by the designer. It may be
	// sensitive: e-mail and SMS carry only that something is waiting.
	Message string `json:"message,omitempty"`
	// Delivery is designer.DeliveryImmediate or designer.DeliveryDaily.
	Delivery string `json:"delivery"`
	Urgent   bool   `json:"urgent,omitempty"`
	// At is when the flag fired.
	At time.Time `json:"at"`
}

// Notifier delivers notifications. Notify must be idempotent per
// Notification.Key: a job that is retried, or run again after its lease
// ran out, asks for the same notification again, and the recipient must
// get it once. An error has the job retried later.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// NotificationKey is the key of the notification of flag on occasion to
// r within an enrolment: "enrolment/flag/occasion/citizen" or
// "…/staff:<id>".
func NotificationKey(enrolment, flag, occasion string, r Recipient) string {
	return strings.Join([]string{enrolment, flag, occasion, r.keyPart()}, "/")
}

// FlagNotifications returns the notifications a flag sends when it fires
// on occasion at at: one for each of its `notify:` recipients, the
// citizen and/or the responsible clinician. None after the end, and none
// to the citizen in maintenance, when nothing may ask them to write.
func FlagNotifications(e *Enrolment, f *designer.Flag, occasion string, at time.Time) []Notification {
	if e.Ended() {
		return nil
	}
	var out []Notification
	for _, who := range f.Notify {
		var r Recipient
		switch who {
		case designer.NotifyCitizen:
			if e.Maintenance {
				continue
			}
			r = Recipient{Kind: RecipientCitizen, ID: e.Citizen}
		case designer.NotifyClinician:
			r = Recipient{Kind: RecipientStaff, ID: e.Clinician}
		default:
			continue
		}
		delivery := f.Delivery
		if delivery == "" {
			delivery = designer.DeliveryImmediate
		}
		out = append(out, Notification{
			Key: NotificationKey(e.ID, f.ID, occasion, r), Enrolment: e.ID, Unit: e.Unit, Flag: f.ID,
			Recipient: r, Message: f.Message, Delivery: delivery, Urgent: f.Urgent, At: at.UTC(),
		})
	}
	return out
}

// LogNotifier is the notifier of a server without a delivery channel, as
// the demo: it writes to the log, at info level, what it would send, and
// to whom by kind and staff id, but never the message, the citizen's
// personal identity number or any other health information beyond the
// flag's id. It logs each key once per process; across processes a
// retried notification may be logged twice, which is only a log line.
type LogNotifier struct {
	Log *slog.Logger

	mu   sync.Mutex
	seen map[string]bool
}

// logNotifierKeep bounds the keys a LogNotifier remembers.
const logNotifierKeep = 10000

// Notify logs the notification.
func (l *LogNotifier) Notify(ctx context.Context, n Notification) error {
	if n.Key == "" {
		return fmt.Errorf("notify: no key")
	}
	l.mu.Lock()
	if l.seen[n.Key] {
		l.mu.Unlock()
		return nil
	}
	if l.seen == nil || len(l.seen) >= logNotifierKeep {
		l.seen = map[string]bool{}
	}
	l.seen[n.Key] = true
	l.mu.Unlock()
	log := l.Log
	if log == nil {
		log = slog.Default()
	}
	attrs := []any{"enrolment", n.Enrolment, "unit", n.Unit, "flag", n.Flag,
		"recipient", string(n.Recipient.Kind), "delivery", n.Delivery, "urgent", n.Urgent}
	if n.Recipient.Kind == RecipientStaff {
		attrs = append(attrs, "staff", n.Recipient.ID)
	}
	log.InfoContext(ctx, "notification (logged, not sent)", attrs...)
	return nil
}

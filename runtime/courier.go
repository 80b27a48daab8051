package runtime

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Delivery of notifications: the Courier is the Notifier of a server. It
// puts each notification in its recipient's inbox and, when the
// recipient has turned on e-mail or SMS, schedules a job that tells them
// by those channels that something new waits in stegvis: at once for
// `delivery: immediate`, in one message the next morning for `daily`.
// The message never carries the notification's text, a link or anything
// about health: only the fixed text the operator configures, which names
// where to sign in.

// Job kinds of deliveries.
const (
	// JobDeliver sends one notification's message on the recipient's
	// channels; its id is "deliver:<notification key>".
	JobDeliver = "deliver"
	// JobDigest sends a recipient's daily message; its id is
	// "digest:<RecipientKey>:<local date>", one a recipient a day.
	JobDigest = "digest"
)

// Outgoing is one message on one channel.
type Outgoing struct {
	Channel Channel
	// To is the e-mail address or the mobile number in E.164.
	To string
	// Subject is the e-mail's subject; SMS has none.
	Subject string
	Text    string
}

// Sender sends messages on one channel: runtime/send has SMTP, an SMS
// gateway and the log. An error has the delivery retried later.
type Sender interface {
	Send(ctx context.Context, m Outgoing) error
}

// DefaultDeliveryLease is how long a claimed send is the claimer's: it
// must outlast a Sender's own timeout, so that a send still in flight is
// never started again beside it.
const DefaultDeliveryLease = 10 * time.Minute

// Courier is the Notifier that delivers: the inbox always, e-mail and SMS
// when the recipient has them on. Register its handlers on the Scheduler
// whose queue it schedules into.
type Courier struct {
	Inbox     InboxStore
	Directory DirectoryStore
	Queue     QueueStore
	// Email and SMS send on their channel; nil leaves it off, whatever
	// recipients have set.
	Email, SMS Sender
	// Subject and Text are the message, the same for every notification
	// and digest, in the recipients' language: that something new waits
	// in stegvis and where to sign in (CheckText).
	Subject, Text string
	// Lease is how long a claimed send is held (DefaultDeliveryLease).
	Lease time.Duration
	// Now returns the current time; it must be the scheduler's clock.
	Now func() time.Time
	Log *slog.Logger
}

// CheckText refuses a message text that could carry a link: no scheme,
// no "www.", no angle brackets. The service to sign in at is named as
// text ("Logga in på 1177 och välj stegvis"), never linked, so that a
// message can never be mistaken for phishing nor leak where a link goes.
func CheckText(s string) error {
	l := strings.ToLower(s)
	for _, bad := range []string{"://", "www.", "<", ">", "http:", "https:", "mailto:"} {
		if strings.Contains(l, bad) {
			return fmt.Errorf("notification text %q: contains %q: no links in e-mail or SMS: %w", s, bad, ErrInvalid)
		}
	}
	return nil
}

// Check reports whether the courier is configured to send: a text
// without links when any channel is on.
func (c *Courier) Check() error {
	if c.Inbox == nil || c.Directory == nil || c.Queue == nil {
		return errors.New("courier: inbox, directory and queue are needed")
	}
	if c.Email == nil && c.SMS == nil {
		return nil
	}
	if strings.TrimSpace(c.Text) == "" {
		return errors.New("courier: no message text")
	}
	if err := CheckText(c.Subject); err != nil {
		return fmt.Errorf("courier: %w", err)
	}
	return CheckText(c.Text)
}

// Register sets the handlers of JobDeliver and JobDigest on s.
func (c *Courier) Register(s *Scheduler) {
	s.Handle(JobDeliver, c.deliver)
	s.Handle(JobDigest, c.digest)
}

// deliveryJob is the payload of JobDeliver and JobDigest.
type deliveryJob struct {
	Recipient Recipient `json:"recipient"`
	// ID names the message for its claims: the notification's key, or
	// the digest's day.
	ID string `json:"id"`
}

// Notify puts n in its recipient's inbox and, when they have a channel
// on, schedules its message. Both are idempotent per n.Key: the inbox
// keeps a key once, and a job scheduled again for a message sent finds
// it sent.
func (c *Courier) Notify(ctx context.Context, n Notification) error {
	if n.Key == "" {
		return errors.New("notify: no key")
	}
	if n.Recipient.ID == "" {
		c.log().WarnContext(ctx, "notification without a recipient dropped", "key", n.Key, "kind", string(n.Recipient.Kind))
		return nil
	}
	now := c.now()
	if _, err := c.Inbox.AddToInbox(ctx, n.Recipient, InboxItemOf(n), now); err != nil {
		return fmt.Errorf("notify %s: %w", n.Key, err)
	}
	if c.Email == nil && c.SMS == nil {
		return nil
	}
	ct, err := c.contact(ctx, n.Recipient)
	if err != nil {
		return fmt.Errorf("notify %s: %w", n.Key, err)
	}
	if len(c.channels(ct)) == 0 {
		return nil
	}
	j := DeliveryJob(n, now)
	if err := c.Queue.Schedule(ctx, j); err != nil {
		return fmt.Errorf("notify %s: %w", n.Key, err)
	}
	return nil
}

// DeliveryJob is the job that sends n's message: due at now for
// `immediate`, at the next morning in Stockholm (DigestDue) for `daily`,
// one job a recipient a day.
func DeliveryJob(n Notification, now time.Time) Job {
	if n.Delivery == designer.DeliveryDaily {
		due := DigestDue(now)
		day := due.In(Stockholm).Format(time.DateOnly)
		rk := RecipientKey(n.Recipient)
		data, _ := json.Marshal(deliveryJob{Recipient: n.Recipient, ID: "digest/" + rk + "/" + day})
		return Job{ID: JobDigest + ":" + rk + ":" + day, Kind: JobDigest, Due: due.UTC(), Data: data}
	}
	data, _ := json.Marshal(deliveryJob{Recipient: n.Recipient, ID: n.Key})
	return Job{ID: JobDeliver + ":" + n.Key, Kind: JobDeliver, Enrolment: n.Enrolment, Due: now.UTC(), Data: data}
}

// DigestDue is when a daily message for a notification at t goes: the
// morning of t's day (Morning) when t is before it, else the next
// morning.
func DigestDue(t time.Time) time.Time {
	if m := Morning(t); t.Before(m) {
		return m
	}
	return Morning(AddDays(t, 1))
}

// deliver runs a JobDeliver.
func (c *Courier) deliver(ctx context.Context, j Job) error { return c.send(ctx, j) }

// digest runs a JobDigest. It sends the same text as deliver: the
// digest says only that something is new, however much is.
func (c *Courier) digest(ctx context.Context, j Job) error { return c.send(ctx, j) }

// send sends a job's message on each channel the recipient has on now,
// each at most once.
func (c *Courier) send(ctx context.Context, j Job) error {
	var dj deliveryJob
	if err := json.Unmarshal(j.Data, &dj); err != nil || dj.ID == "" {
		return fmt.Errorf("job %s: decode: %v", j.ID, cmp.Or(err, errors.New("no id")))
	}
	ct, err := c.contact(ctx, dj.Recipient)
	if err != nil {
		return err
	}
	var errs []error
	for _, ch := range c.channels(ct) {
		to := ct.To(ch)
		if ch == ChannelSMS {
			to, _ = ParseMobile(to) // channels checked it
		}
		if err := c.sendOnce(ctx, dj.ID, ch, to); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ch, err))
		}
	}
	return errors.Join(errs...)
}

// errInFlight is a send that another runner has claimed and not yet
// finished: the job tries again later, and then finds it sent, or the
// claim run out because its runner died.
var errInFlight = errors.New("send in flight elsewhere")

// sendOnce sends one message on one channel unless it has been sent.
//
// A message must go once even when a retried job races a slow success
// (the scheduler's lease ran out while an SMTP server took its time, and
// another scheduler claimed the job). A queue lease alone cannot promise
// that, so each send is claimed in the store first, per (message,
// channel), with a token and a lease of its own longer than any send
// takes: a runner that finds a claim younger than that lease does not
// send but fails its job, to be retried with backoff; a runner that finds
// the send recorded is done. The sender records the send (FinishDelivery)
// before its job returns success, and releases its claim when the send
// failed, so the retry may send at once. Only a runner that dies between
// the send and the record leaves a claim to run out, after which the
// message may go twice: SMTP and SMS gateways offer no transaction to do
// better, and a duplicate "something new waits" is harmless where a lost
// one is not.
func (c *Courier) sendOnce(ctx context.Context, id string, ch Channel, to string) error {
	did := DeliveryID(id, ch)
	token := NewID()
	now := c.now()
	st, err := c.Inbox.ClaimDelivery(ctx, did, token, now, cmp.Or(c.Lease, DefaultDeliveryLease))
	if err != nil {
		return err
	}
	switch st {
	case DeliverySent:
		return nil
	case DeliveryBusy:
		return errInFlight
	}
	sender := c.Email
	if ch == ChannelSMS {
		sender = c.SMS
	}
	m := Outgoing{Channel: ch, To: to, Text: c.Text}
	if ch == ChannelEmail {
		m.Subject = c.Subject
	}
	if err := sender.Send(ctx, m); err != nil {
		// The release may fail too; the claim then runs out.
		if rerr := c.Inbox.ReleaseDelivery(context.WithoutCancel(ctx), did, token); rerr != nil {
			c.log().WarnContext(ctx, "release failed send", "delivery", did, "err", rerr)
		}
		return err
	}
	if err := c.Inbox.FinishDelivery(context.WithoutCancel(ctx), did, token, c.now()); err != nil {
		return fmt.Errorf("sent but not recorded: %w", err)
	}
	c.log().InfoContext(ctx, "notification sent", "delivery", did, "channel", string(ch))
	return nil
}

// contact returns a recipient's contact settings; one unknown to the
// directory has none.
func (c *Courier) contact(ctx context.Context, r Recipient) (Contact, error) {
	switch r.Kind {
	case RecipientCitizen:
		cz, err := c.Directory.Citizen(ctx, r.ID)
		if isNotFound(err) {
			return Contact{}, nil
		}
		if err != nil {
			return Contact{}, fmt.Errorf("contact of citizen: %w", err)
		}
		return CitizenContact(cz), nil
	case RecipientStaff:
		st, err := c.Directory.Staff(ctx, r.ID)
		if isNotFound(err) {
			return Contact{}, nil
		}
		if err != nil {
			return Contact{}, fmt.Errorf("contact of staff %s: %w", r.ID, err)
		}
		return StaffContact(st), nil
	}
	return Contact{}, fmt.Errorf("recipient kind %q: %w", r.Kind, ErrInvalid)
}

// channels returns the recipient's channels that the courier can send
// on, with addresses that still pass CheckContact (a record written
// before the check, as the demo's, is normalised here).
func (c *Courier) channels(ct Contact) []Channel {
	var out []Channel
	for _, ch := range ct.Channels() {
		switch ch {
		case ChannelEmail:
			if _, err := ParseEmail(ct.Email); c.Email != nil && err == nil {
				out = append(out, ch)
			}
		case ChannelSMS:
			if _, err := ParseMobile(ct.Mobile); c.SMS != nil && err == nil {
				out = append(out, ch)
			}
		}
	}
	return out
}

func (c *Courier) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c *Courier) log() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

// StaffNotice is a notification to one member of staff about an
// enrolment from a rule other than a flag's `notify:`, as an urgent
// flag's escalation to the unit's citizen admins: one per (enrolment,
// rule, occasion, staff). Pass it to a Notifier; it is delivered
// immediately.
func StaffNotice(e *Enrolment, staff, rule, occasion, message string, urgent bool, at time.Time) Notification {
	r := Recipient{Kind: RecipientStaff, ID: staff}
	return Notification{
		Key: NotificationKey(e.ID, rule, occasion, r), Enrolment: e.ID, Unit: e.Unit, Flag: rule,
		Recipient: r, Message: message, Delivery: designer.DeliveryImmediate, Urgent: urgent, At: at.UTC(),
	}
}

// StaffWithRole returns the staff who have role on unit, sorted by id:
// the recipients of a notice to, say, a unit's citizen admins.
func StaffWithRole(ctx context.Context, d DirectoryStore, unit string, role Role) ([]Staff, error) {
	all, err := d.StaffMembers(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff with role %s on %s: %w", role, unit, err)
	}
	var out []Staff
	for _, s := range all {
		if s.HasRole(unit, role) {
			out = append(out, s)
		}
	}
	return out, nil
}

package runtime

import (
	"fmt"
	"net/mail"
	"strings"
)

// Contact settings: whether a citizen or a member of staff wants to hear
// of new notifications by e-mail and/or SMS, and where. The inbox in
// stegvis gets every notification whatever is set here.

// Channel is a way a message leaves stegvis.
type Channel string

// Channels.
const (
	ChannelEmail Channel = "email"
	ChannelSMS   Channel = "sms"
)

// Contact is a person's notification settings.
type Contact struct {
	Email   string `json:"email,omitempty"`
	Mobile  string `json:"mobile,omitempty"`
	ByEmail bool   `json:"by_email,omitempty"`
	BySMS   bool   `json:"by_sms,omitempty"`
}

// Channels returns the channels turned on with an address to send to.
func (c Contact) Channels() []Channel {
	var out []Channel
	if c.ByEmail && c.Email != "" {
		out = append(out, ChannelEmail)
	}
	if c.BySMS && c.Mobile != "" {
		out = append(out, ChannelSMS)
	}
	return out
}

// To returns the address of a channel.
func (c Contact) To(ch Channel) string {
	if ch == ChannelEmail {
		return c.Email
	}
	return c.Mobile
}

// ContactError is a contact setting that cannot be taken: Field names the
// field ("email" or "mobile") and Reason why ("invalid", or "required"
// when a channel is turned on without an address). It is ErrInvalid.
type ContactError struct {
	Field, Reason string
}

func (e *ContactError) Error() string {
	return fmt.Sprintf("contact: %s %s", e.Field, e.Reason)
}

// Unwrap makes a ContactError an ErrInvalid.
func (e *ContactError) Unwrap() error { return ErrInvalid }

// CheckContact checks and normalises contact settings as typed: the
// e-mail address (net/mail, a bare address of at most MaxEmail bytes) and
// the Swedish mobile number (ParseMobile, stored as E.164). An address may
// be kept while its channel is off; a channel on needs one. It returns
// every error found, the e-mail's first.
func CheckContact(c Contact) (Contact, []*ContactError) {
	var errs []*ContactError
	c.Email, c.Mobile = strings.TrimSpace(c.Email), strings.TrimSpace(c.Mobile)
	if c.Email != "" {
		email, err := ParseEmail(c.Email)
		if err != nil {
			errs = append(errs, &ContactError{Field: "email", Reason: "invalid"})
		}
		c.Email = email
	} else if c.ByEmail {
		errs = append(errs, &ContactError{Field: "email", Reason: "required"})
	}
	if c.Mobile != "" {
		m, err := ParseMobile(c.Mobile)
		if err != nil {
			errs = append(errs, &ContactError{Field: "mobile", Reason: "invalid"})
		}
		c.Mobile = m
	} else if c.BySMS {
		errs = append(errs, &ContactError{Field: "mobile", Reason: "required"})
	}
	return c, errs
}

// MaxEmail is the longest e-mail address taken (RFC 5321's path limit).
const MaxEmail = 254

// ParseEmail checks a bare e-mail address ("namn@example.se", no display
// name) and returns it as written.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxEmail {
		return "", fmt.Errorf("e-mail address: too long: %w", ErrInvalid)
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", fmt.Errorf("e-mail address %q: %w", s, ErrInvalid)
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.HasSuffix(s, ".") {
		return "", fmt.Errorf("e-mail address %q: no domain: %w", s, ErrInvalid)
	}
	return s, nil
}

// ParseMobile checks a Swedish mobile number and returns it in E.164,
// "+467XXXXXXXX". It takes the national form 07XXXXXXXX, the
// international +467XXXXXXXX or 00467XXXXXXXX, with spaces, hyphens and
// brackets as people write them ("070-123 45 67").
func ParseMobile(s string) (string, error) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", fmt.Errorf("mobile number: %w", ErrInvalid)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "+46"):
		d = d[3:]
	case strings.HasPrefix(d, "0046"):
		d = d[4:]
	case strings.HasPrefix(d, "0"):
		d = d[1:]
	default:
		return "", fmt.Errorf("mobile number: not Swedish: %w", ErrInvalid)
	}
	// Swedish mobile numbers are 7 and eight more digits: 070, 072, 073,
	// 076 and 079 series.
	if len(d) != 9 || d[0] != '7' || !strings.ContainsRune("02369", rune(d[1])) {
		return "", fmt.Errorf("mobile number: not a Swedish mobile number: %w", ErrInvalid)
	}
	return "+46" + d, nil
}

// CitizenContact returns a citizen's contact settings.
func CitizenContact(c Citizen) Contact {
	return Contact{Email: c.Email, Mobile: c.Mobile, ByEmail: c.NotifyEmail, BySMS: c.NotifySMS}
}

// SetContact sets a citizen's contact settings, checked by CheckContact.
func (c *Citizen) SetContact(ct Contact) {
	c.Email, c.Mobile, c.NotifyEmail, c.NotifySMS = ct.Email, ct.Mobile, ct.ByEmail, ct.BySMS
}

// StaffContact returns a member of staff's contact settings.
func StaffContact(s Staff) Contact {
	return Contact{Email: s.Email, Mobile: s.Mobile, ByEmail: s.NotifyEmail, BySMS: s.NotifySMS}
}

// SetContact sets a member of staff's contact settings, checked by
// CheckContact.
func (s *Staff) SetContact(ct Contact) {
	s.Email, s.Mobile, s.NotifyEmail, s.NotifySMS = ct.Email, ct.Mobile, ct.ByEmail, ct.BySMS
}

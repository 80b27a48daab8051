package send

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/stegvis/stegvis/runtime"
)

// SMTPConfig configures e-mail.
type SMTPConfig struct {
	Host string
	// Port defaults to 587, the submission port, where the connection is
	// upgraded with STARTTLS.
	Port int
	// Username and Password authenticate (PLAIN, only over TLS); empty
	// sends without authentication, as to a relay that trusts the host.
	Username, Password string
	// From is the sender's address, e.g. "stegvis <noreply@region.se>".
	From string
	// Timeout bounds one send; it defaults to 30 seconds, well inside
	// runtime.DefaultDeliveryLease.
	Timeout time.Duration
	// RootCAs, when set, replaces the system's roots to check the
	// server's certificate (a private CA, or a test's).
	RootCAs *x509.CertPool
}

// ParseSMTPURL reads "smtp://user:password@host:587?from=noreply@region.se"
// into a config; user, password, port and from are optional.
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTPConfig{}, fmt.Errorf("smtp url: %w", err)
	}
	if u.Scheme != "smtp" || u.Hostname() == "" {
		return SMTPConfig{}, errors.New("smtp url: want smtp://[user[:password]@]host[:port][?from=address]")
	}
	c := SMTPConfig{Host: u.Hostname(), From: u.Query().Get("from")}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil {
			return SMTPConfig{}, fmt.Errorf("smtp url: port: %w", err)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	return c, nil
}

// SMTP sends e-mail over SMTP, always with STARTTLS: a server that does
// not offer it gets nothing, so no message crosses the network in clear.
type SMTP struct {
	cfg SMTPConfig
}

// NewSMTP returns an e-mail sender; it checks the config but connects
// only to send.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: no host")
	}
	if _, err := runtime.ParseEmail(bareAddress(cfg.From)); err != nil {
		return nil, fmt.Errorf("smtp: from address %q: %w", cfg.From, err)
	}
	cfg.Port = cmp.Or(cfg.Port, 587)
	cfg.Timeout = cmp.Or(cfg.Timeout, 30*time.Second)
	return &SMTP{cfg: cfg}, nil
}

// bareAddress is the address of "Name <address>" or the address itself.
func bareAddress(s string) string {
	if i, j := lastIndex(s, '<'), lastIndex(s, '>'); i >= 0 && j > i {
		return s[i+1 : j]
	}
	return s
}

func lastIndex(s string, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// Send sends one e-mail as plain text. A new connection each time keeps
// the sender free of state; notifications are few.
func (s *SMTP) Send(ctx context.Context, m runtime.Outgoing) error {
	if m.Channel != runtime.ChannelEmail {
		return fmt.Errorf("smtp: cannot send %s", m.Channel)
	}
	// No User-Agent: go-mail's names a URL, and a message carries none.
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("smtp: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("smtp: to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	opts := []mail.Option{
		mail.WithPort(s.cfg.Port),
		mail.WithTLSPortPolicy(mail.TLSMandatory),
		mail.WithTLSConfig(&tls.Config{ServerName: s.cfg.Host, RootCAs: s.cfg.RootCAs, MinVersion: tls.VersionTLS12}),
		mail.WithTimeout(s.cfg.Timeout),
	}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	c, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("smtp: send: %w", err)
	}
	return nil
}

package send

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// SMSConfig configures the SMS gateway.
type SMSConfig struct {
	// URL is the gateway's endpoint; it must be https (http only to
	// localhost, for tests and a local relay).
	URL string
	// Token is sent as "Authorization: Bearer <token>".
	Token string
	// Timeout bounds one send; it defaults to 30 seconds.
	Timeout time.Duration
	// Client is the HTTP client; nil means one of its own.
	Client *http.Client
}

// SMS sends text messages through an HTTPS gateway: a POST of JSON
// {"to": "+467…", "text": "…"} with a bearer token; any 2xx is sent.
type SMS struct {
	cfg SMSConfig
}

// NewSMS returns an SMS sender.
func NewSMS(cfg SMSConfig) (*SMS, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("sms: gateway url: %w", err)
	}
	local := u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1" || u.Hostname() == "::1"
	if u.Scheme != "https" && !(u.Scheme == "http" && local) {
		return nil, errors.New("sms: the gateway url must be https")
	}
	if cfg.Token == "" {
		return nil, errors.New("sms: no gateway token")
	}
	cfg.Timeout = cmp.Or(cfg.Timeout, 30*time.Second)
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: cfg.Timeout}
	}
	return &SMS{cfg: cfg}, nil
}

// Send posts one message to the gateway.
func (s *SMS) Send(ctx context.Context, m runtime.Outgoing) error {
	if m.Channel != runtime.ChannelSMS {
		return fmt.Errorf("sms: cannot send %s", m.Channel)
	}
	body, err := json.Marshal(struct {
		To   string `json:"to"`
		Text string `json:"text"`
	}{m.To, m.Text})
	if err != nil {
		return fmt.Errorf("sms: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.cfg.Token)
	res, err := s.cfg.Client.Do(req)
	if err != nil {
		return fmt.Errorf("sms: send: %w", err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("sms: gateway answered %s", res.Status)
	}
	return nil
}

package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/send"
	"github.com/stegvis/stegvis/themes"
)

// notifyFlags are the flags of the notification channels. Secrets come
// from the environment only, so that they never show in a process list
// or in --help.
type notifyFlags struct {
	smtpURL, smtpHost, smtpFrom, smtpUser *string
	smtpPort                              *int
	smsURL, service                       *string
}

// addNotifyFlags adds the channels' flags to fs; each defaults to its
// STEGVIS_ environment variable.
func addNotifyFlags(fs *flag.FlagSet, cat *themes.Catalog) *notifyFlags {
	port, _ := strconv.Atoi(os.Getenv("STEGVIS_SMTP_PORT"))
	return &notifyFlags{
		// The URL may hold a password: its flag shows no default.
		smtpURL:  fs.String("smtp-url", "", cat.T("cli.serve.flag.smtp_url")),
		smtpHost: fs.String("smtp-host", os.Getenv("STEGVIS_SMTP_HOST"), cat.T("cli.serve.flag.smtp_host")),
		smtpPort: fs.Int("smtp-port", cmp.Or(port, 587), cat.T("cli.serve.flag.smtp_port")),
		smtpUser: fs.String("smtp-user", os.Getenv("STEGVIS_SMTP_USER"), cat.T("cli.serve.flag.smtp_user")),
		smtpFrom: fs.String("smtp-from", os.Getenv("STEGVIS_SMTP_FROM"), cat.T("cli.serve.flag.smtp_from")),
		smsURL:   fs.String("sms-url", os.Getenv("STEGVIS_SMS_URL"), cat.T("cli.serve.flag.sms_url")),
		service:  fs.String("service-name", os.Getenv("STEGVIS_SERVICE_NAME"), cat.T("cli.serve.flag.service_name")),
	}
}

// courier builds the Notifier of a server: the inbox always; e-mail and
// SMS when configured; in the demo, without them, the log in their place.
// Messages are in lang, Swedish by default.
func (nf *notifyFlags) courier(store runtime.Store, lang string, demo bool, log *slog.Logger) (*runtime.Courier, error) {
	c := &runtime.Courier{Inbox: store, Directory: store, Queue: store, Log: log}
	smtpURL := cmp.Or(*nf.smtpURL, os.Getenv("STEGVIS_SMTP_URL"))
	var cfg send.SMTPConfig
	switch {
	case smtpURL != "":
		var err error
		if cfg, err = send.ParseSMTPURL(smtpURL); err != nil {
			return nil, err
		}
		cfg.From = cmp.Or(cfg.From, *nf.smtpFrom)
	case *nf.smtpHost != "":
		cfg = send.SMTPConfig{Host: *nf.smtpHost, Port: *nf.smtpPort, Username: *nf.smtpUser,
			Password: os.Getenv("STEGVIS_SMTP_PASSWORD"), From: *nf.smtpFrom}
	}
	if cfg.Host != "" {
		email, err := send.NewSMTP(cfg)
		if err != nil {
			return nil, err
		}
		c.Email = email
	}
	if *nf.smsURL != "" {
		sms, err := send.NewSMS(send.SMSConfig{URL: *nf.smsURL, Token: os.Getenv("STEGVIS_SMS_TOKEN")})
		if err != nil {
			return nil, err
		}
		c.SMS = sms
	}
	service := *nf.service
	if demo && c.Email == nil && c.SMS == nil {
		c.Email, c.SMS = send.Log{Log: log}, send.Log{Log: log}
		service = cmp.Or(service, "stegvis (demo)")
	}
	if c.Email == nil && c.SMS == nil {
		log.Info("notifications: inbox only (no e-mail or SMS configured)")
		return c, nil
	}
	if service == "" {
		return nil, errors.New("notifications: --service-name (STEGVIS_SERVICE_NAME) must name where to sign in, e.g. \"1177\"")
	}
	cat := themes.Lookup(cmp.Or(lang, "sv"))
	c.Subject, c.Text = cat.T("notify.subject"), cat.T("notify.text", service)
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("notifications: %w", err)
	}
	log.Info("notifications", "email", c.Email != nil, "sms", c.SMS != nil, "service", service)
	return c, nil
}

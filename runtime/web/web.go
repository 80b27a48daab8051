package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
	_ "time/tzdata" // Swedish times on hosts without a zone database

	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/publish"
	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes/view"
)

// Config is what the web layer needs.
type Config struct {
	Store    runtime.Store
	Identity auth.IdentityProvider
	// Lang is the language of every page: "sv" or "en". Empty lets each
	// page follow the browser's Accept-Language, Swedish when it asks for
	// neither.
	Lang   string
	Logger *slog.Logger
	// SecureCookies marks the session cookie Secure and sends HSTS even
	// when requests arrive without TLS, as behind a TLS-terminating proxy.
	// Requests that arrive over TLS always get both.
	SecureCookies bool
	// SessionTTL is how long a session lasts without use (the idle
	// timeout); 0 means DefaultSessionIdle.
	SessionTTL time.Duration
	// SessionMax is how long a signed-in session lasts however much it is
	// used (the absolute lifetime); 0 means DefaultSessionMax.
	SessionMax time.Duration
	// SignInLimitIP and SignInLimitAccount bound sign-in attempts per
	// client address and per account; zero values mean
	// DefaultSignInLimitIP and DefaultSignInLimitAccount.
	SignInLimitIP, SignInLimitAccount runtime.Limit
	// ClientIPHeader, if set, is the header a trusted proxy puts the
	// client's address in (e.g. X-Forwarded-For, whose last address is
	// taken); otherwise the connection's address is the client's.
	ClientIPHeader string
	// Now returns the time; it defaults to time.Now.
	Now func() time.Time
	// Zone is the time zone dates are shown in; nil means Europe/Stockholm.
	Zone *time.Location
	// RequestTimeout bounds each request's work, store calls included;
	// 0 means DefaultRequestTimeout. Past it the store calls fail and the
	// page says to try again.
	RequestTimeout time.Duration
	// MaxInFlight is how many requests are served at once; 0 means
	// DefaultMaxInFlight, a negative number no limit. Requests past it
	// wait up to QueueWait for a turn, then get 503 with Retry-After.
	MaxInFlight int
	// QueueWait is how long a request waits for a turn; 0 means
	// DefaultQueueWait.
	QueueWait time.Duration
	// MaxQueueDelay refuses, with 503 and Retry-After, a request that
	// waited longer than this before its handler could start (see
	// ConnState); 0 means DefaultMaxQueueDelay, a negative number never.
	MaxQueueDelay time.Duration
	// AfterAppend, if set, is called after each change to an enrolment
	// (the scheduler's planner: runtime.Planner.AfterAppend).
	AfterAppend runtime.AppendHook
	// Notifier, if set, delivers what staff send a citizen, such as the
	// message at an enrolment's end (runtime.Courier); nil offers none.
	Notifier runtime.Notifier
	// Trust lists the publishers of other regions whose signed bundles
	// unit admins may import, and where their catalogues are; nil or
	// empty offers no imports.
	Trust *runtime.Trust
	// Fetcher reads those catalogues and bundles; nil means one with the
	// defaults of publish.Fetcher.
	Fetcher *publish.Fetcher
}

// Defaults of Config.
const (
	DefaultRequestTimeout = 10 * time.Second
	DefaultMaxInFlight    = 96
	DefaultQueueWait      = 100 * time.Millisecond
	DefaultMaxQueueDelay  = 250 * time.Millisecond
)

// Server serves the runtime's pages. It keeps no state between requests
// beyond caches of immutable bundles, so any number may share one store.
type Server struct {
	store    runtime.Store
	svc      *runtime.Enrolments
	identity auth.IdentityProvider
	tpl      *view.Templates
	log      *slog.Logger
	lang     string
	secure   bool
	ttl      time.Duration
	maxAge   time.Duration
	// limitIP and limitAccount bound sign-in; ipHeader is
	// Config.ClientIPHeader.
	limitIP, limitAccount runtime.Limit
	ipHeader              string
	now                   func() time.Time
	zone                  *time.Location
	bundles               *bundleCache
	pdf                   *pdf.Renderer
	handler               http.Handler
	// timeout is each request's deadline; turns holds a token per request
	// served, nil for no limit; queueWait is how long one waits for a turn.
	timeout   time.Duration
	turns     chan struct{}
	queueWait time.Duration
	// maxDelay is Config.MaxQueueDelay, 0 for none; arrivals says when
	// each connection's request began to arrive.
	maxDelay time.Duration
	arrivals arrivals
	// notifier is Config.Notifier.
	notifier runtime.Notifier
	// importer imports other regions' bundles (Config.Trust).
	importer *publish.Importer
}

// New returns the runtime's HTTP handler. It parses every template, so a
// broken one stops the start.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store")
	}
	if cfg.Identity == nil {
		return nil, errors.New("web: no identity provider")
	}
	tpl, err := view.Load()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{
		store:    cfg.Store,
		svc:      runtime.NewEnrolments(cfg.Store),
		identity: cfg.Identity,
		tpl:      tpl,
		log:      cfg.Logger,
		lang:     cfg.Lang,
		secure:   cfg.SecureCookies,
		ttl:      cfg.SessionTTL,
		now:      cfg.Now,
		zone:     cfg.Zone,
		bundles:  newBundleCache(cfg.Store),
		pdf:      pdf.New(),
		notifier: cfg.Notifier,
		importer: &publish.Importer{Store: cfg.Store, Trust: cfg.Trust, Fetch: cfg.Fetcher},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.ttl, s.maxAge = cmp.Or(s.ttl, DefaultSessionIdle), cmp.Or(cfg.SessionMax, DefaultSessionMax)
	s.limitIP, s.limitAccount, s.ipHeader = cfg.SignInLimitIP, cfg.SignInLimitAccount, cfg.ClientIPHeader
	if s.limitIP == (runtime.Limit{}) {
		s.limitIP = DefaultSignInLimitIP
	}
	if s.limitAccount == (runtime.Limit{}) {
		s.limitAccount = DefaultSignInLimitAccount
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.zone == nil {
		if s.zone, err = time.LoadLocation("Europe/Stockholm"); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	s.svc.Now = s.now
	s.timeout, s.queueWait = cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout), cmp.Or(cfg.QueueWait, DefaultQueueWait)
	if d := cmp.Or(cfg.MaxQueueDelay, DefaultMaxQueueDelay); d > 0 {
		s.maxDelay = d
	}
	if n := cmp.Or(cfg.MaxInFlight, DefaultMaxInFlight); n > 0 {
		s.turns = make(chan struct{}, n)
	}
	s.svc.AfterAppend = cfg.AfterAppend
	if cfg.Identity.Development() {
		s.log.Warn("DEVELOPMENT SIGN-IN IS ON: anyone can sign in as any user without a password; never use it with real data",
			"provider", cfg.Identity.Name())
	}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Ready reports whether the store answers, as /readyz does.
func (s *Server) Ready(ctx context.Context) error { return s.store.Ping(ctx) }

package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/web"
	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes"
)

// defaultStore is the embedded store's file when --store is not given.
const defaultStore = "var/stegvis.db"

var serveCmd = command{
	name:  "serve",
	usage: "[--addr :8080] [--store FILE|redis://…] [--dev [--demo] [--clock-offset 8d] | --oidc-citizen-issuer URL … --oidc-staff-issuer URL …] [--lang sv|en]",
	summary: "serve published programs to citizens and clinicians\n\n" +
		"The store is an embedded file (the default) or Redis, which any number of\n" +
		"replicas can share. --dev turns on the development sign-in, where anyone\n" +
		"signs in as anyone: for demos only; without it, citizens and staff sign in\n" +
		"through OpenID Connect (--oidc-citizen-* and --oidc-staff-*, see docs/operating.md).\n" +
		"--demo adds demo units, staff, citizens\n" +
		"and, if none is published, a small program.",
}

func init() {
	c := serveCmd
	c.summary, _, _ = strings.Cut(serveCmd.summary, "\n")
	c.run = runServe
	register(c)
}

func runServe(args []string, stdout, stderr io.Writer) error { return serve(args, stdout, stderr, nil) }

// serve is runServe on ln, when ln is not nil: the demo listens before it
// spends time building, so a busy port is found first.
func serve(args []string, stdout, stderr io.Writer, ln net.Listener) error {
	fs, cat, lang := commandFlags(serveCmd, args, stderr, "cli.serve.flag.lang")
	// Without --lang the pages follow each browser's Accept-Language; the
	// environment's language is only that of these messages, so --help
	// names no default.
	fs.Lookup("lang").DefValue = ""
	addr := fs.String("addr", ":8080", cat.T("cli.serve.flag.addr"))
	storeSpec := fs.String("store", defaultStore, cat.T("cli.serve.flag.store"))
	dev := fs.Bool("dev", false, cat.T("cli.serve.flag.dev"))
	withDemo := fs.Bool("demo", false, cat.T("cli.serve.flag.demo"))
	secure := fs.Bool("secure-cookies", false, cat.T("cli.serve.flag.secure_cookies"))
	jsonLogs := fs.Bool("log-json", false, cat.T("cli.serve.flag.log_json"))
	reqTimeout := fs.Duration("request-timeout", web.DefaultRequestTimeout, cat.T("cli.serve.flag.request_timeout"))
	maxInFlight := fs.Int("max-in-flight", web.DefaultMaxInFlight, cat.T("cli.serve.flag.max_in_flight"))
	maxDelay := fs.Duration("max-queue-delay", web.DefaultMaxQueueDelay, cat.T("cli.serve.flag.max_queue_delay"))
	notify := addNotifyFlags(fs, cat)
	offset := fs.String("clock-offset", "", cat.T("cli.serve.flag.clock_offset"))
	sessionIdle := fs.Duration("session-idle", web.DefaultSessionIdle, cat.T("cli.serve.flag.session_idle"))
	sessionMax := fs.Duration("session-max", web.DefaultSessionMax, cat.T("cli.serve.flag.session_max"))
	ipHeader := fs.String("client-ip-header", os.Getenv("STEGVIS_CLIENT_IP_HEADER"), cat.T("cli.serve.flag.client_ip_header"))
	trustFile := fs.String("trust", "", cat.T("cli.serve.flag.trust"))
	citizenOIDC := addOIDCFlags(fs, cat, auth.Citizen, "personal_number", "BankID")
	staffOIDC := addOIDCFlags(fs, cat, auth.Staff, "hsa_id", "SITHS")
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError(fs, cat, "cli.args.unexpected", strings.Join(pos, " "))
	}
	pageLang := ""
	if flagSet(fs, "lang") {
		pageLang = *lang
	}
	// Every line, the request log's above all, goes through one queue and
	// writer, so no request waits for another's line (web.LogQueue).
	logs := web.NewLogQueue(stderr, *jsonLogs, nil, 0)
	defer logs.Close()
	h := logs.Handler()
	log := slog.New(h)
	if *withDemo && !*dev {
		return errors.New(cat.T("cli.serve.demo_needs_dev"))
	}
	now := time.Now
	if *offset != "" {
		d, err := parseOffset(*offset)
		if err != nil {
			return usageError(fs, cat, "cli.serve.bad_clock_offset", *offset)
		}
		if !*dev {
			return errors.New(cat.T("cli.serve.clock_offset_needs_dev"))
		}
		now = runtime.OffsetClock(d)
		log.Warn("clock moved", "offset", d.String(), "now", now().In(runtime.Stockholm).Format(time.DateTime))
	}

	trust, err := readTrust(*trustFile)
	if err != nil {
		return err
	}
	store, err := openStore(*storeSpec, log)
	if err != nil {
		return err
	}
	defer store.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Data from before the lists' summaries (or from another
	// SummarySchema) gets them once, walking the indexes: at start-up
	// only, never on a page.
	if n, err := store.RebuildSummaries(ctx, false); err != nil {
		return err
	} else if n > 0 {
		log.Info("summaries built", "enrolments", n)
	}

	if *dev && (citizenOIDC.configured() || staffOIDC.configured()) {
		return errors.New(cat.T("cli.serve.dev_and_oidc"))
	}
	courier, err := notify.courier(store, pageLang, *withDemo, log)
	if err != nil {
		return err
	}
	planner, stopScheduler := startScheduler(ctx, store, now, log, courier)
	defer stopScheduler()
	var choices []auth.Choice
	if *withDemo {
		// Seeded at the real time, so that a clock moved forward
		// (--clock-offset) finds the demo's enrolments days old.
		if err := demo.Seed(ctx, store, time.Now()); err != nil {
			return err
		}
		if err := demo.Plan(ctx, store, planner); err != nil {
			return err
		}
		choices = append(demo.Choices(), demo.PeopleChoices()...)
		log.Info("demo seeded", "units", []string{demo.UnitSouth, demo.UnitNorth})
	}
	var id auth.IdentityProvider
	if *dev {
		id, err = web.NewDevIdentity(store, *dev, *lang, choices)
	} else {
		id, err = oidcIdentity(ctx, store, cat, citizenOIDC, staffOIDC)
	}
	if err != nil {
		return err
	}
	web.TuneGC()
	srv, err := web.New(web.Config{Store: store, Identity: id, Lang: pageLang, Logger: log, SecureCookies: *secure,
		SessionTTL: *sessionIdle, SessionMax: *sessionMax, ClientIPHeader: *ipHeader,
		RequestTimeout: *reqTimeout, MaxInFlight: *maxInFlight, MaxQueueDelay: *maxDelay, AfterAppend: planner.AfterAppend, Now: now,
		Trust:    trust,
		Notifier: courier})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Addr: *addr, Handler: srv,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(h, slog.LevelWarn),
		// The web server learns when each request began to arrive, to
		// shed those that waited too long (--max-queue-delay).
		ConnContext: srv.ConnContext, ConnState: srv.ConnState,
	}
	if ln == nil {
		if ln, err = net.Listen("tcp", *addr); err != nil {
			return errors.New(cat.T("cli.serve.listen", *addr, err))
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(web.JoinWrites(ln)) }()
	log.Info("serving", "addr", ln.Addr().String(), "store", redis.Redact(*storeSpec), "lang", cmp.Or(pageLang, "Accept-Language"))
	t := themes.Lookup(*lang).T
	if *withDemo {
		fmt.Fprint(stdout, demo.Guide(t, browseURL(ln.Addr())))
	} else {
		fmt.Fprintln(stdout, t("cli.serve.url", browseURL(ln.Addr())))
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// parseOffset parses a clock offset: a Go duration ("36h", "-90m"), a
// whole number of days ("8d"), or days and a duration ("8d12h").
func parseOffset(s string) (time.Duration, error) {
	neg := strings.HasPrefix(s, "-")
	rest := strings.TrimPrefix(s, "-")
	var d time.Duration
	if days, after, ok := strings.Cut(rest, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("clock offset %q: bad days", s)
		}
		d, rest = time.Duration(n)*24*time.Hour, after
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 {
			return 0, fmt.Errorf("clock offset %q: %w", s, err)
		}
		d += r
	}
	if neg {
		d = -d
	}
	return d, nil
}

// flagSet reports whether the command line gave the flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// openStore opens the Redis store for a URL and the embedded store for a
// file path, making the file's folder if needed.
func openStore(spec string, log *slog.Logger) (runtime.Store, error) {
	if strings.Contains(spec, "://") {
		return redis.Open(spec, redis.Options{Logger: log})
	}
	if err := os.MkdirAll(filepath.Dir(spec), 0o755); err != nil {
		return nil, err
	}
	return embedded.Open(spec)
}

// browseURL is the address to open in a browser: a server listening on all
// interfaces is reached on localhost.
func browseURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/stegvis/stegvis/designer/preview"
)

func init() {
	register(command{
		name:    "preview",
		usage:   "[--addr HOST:PORT] [--lang sv|en] DIR",
		summary: "serve the programs in DIR as citizens and clinicians live them, day by day, rebuilding and reloading on every save",
		run:     runPreview,
	})
}

func runPreview(args []string, stdout, stderr io.Writer) error {
	c := command{name: "preview", usage: "[--addr HOST:PORT] [--lang sv|en] DIR"}
	fs, cat, lang := designerFlags(c, args, stderr)
	addr := fs.String("addr", "127.0.0.1:8080", cat.T("cli.preview.flag.addr"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	if err := oneDir(fs, cat, pos); err != nil {
		return err
	}
	dirs, err := programs(pos[0], cat)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	// The whole program over time: a real stegvis over the live builds
	// (preview_world.go).
	live := newPreviewWorld(*lang, log)
	defer live.Close()
	srv, err := preview.New(dirs, preview.Options{Lang: *lang, Logger: log, Live: live})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return errors.New(cat.T("cli.preview.listen", *addr, osReason(cat, err)))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.Watch(ctx); err != nil {
			log.Error("watch", "err", err)
		}
	}()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintln(stdout, cat.T("cli.preview.url", ln.Addr(), cat.N("cli.preview.programs", len(dirs)), pos[0]))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}

package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Fetcher reads another region's catalogue and bundles: over HTTPS (or
// plain HTTP to this machine, for tests and trials) with a timeout and a
// bound on the size, or from a file path.
type Fetcher struct {
	// Client makes the requests; nil means one with DefaultFetchTimeout.
	Client *http.Client
	// MaxCatalogue and MaxBundle bound what is read of a catalogue and of
	// a bundle's zip; 0 means DefaultMaxCatalogue and DefaultMaxBundle.
	MaxCatalogue, MaxBundle int64
}

// Defaults of a Fetcher.
const (
	DefaultFetchTimeout = 60 * time.Second
	DefaultMaxCatalogue = 4 << 20
	DefaultMaxBundle    = 256 << 20
)

// ErrTooLarge means what was fetched is larger than its bound.
var ErrTooLarge = errors.New("larger than allowed")

var defaultClient = &http.Client{Timeout: DefaultFetchTimeout, CheckRedirect: checkRedirect}

// checkRedirect follows at most five redirects, and none from HTTPS to
// plain HTTP elsewhere than this machine.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("more than 5 redirects")
	}
	if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && loopback(req.URL.Hostname())) {
		return fmt.Errorf("redirected to %s: plain http only to this machine", req.URL.Redacted())
	}
	return nil
}

func (f *Fetcher) client() *http.Client {
	if f != nil && f.Client != nil {
		return f.Client
	}
	return defaultClient
}

func (f *Fetcher) maxCatalogue() int64 {
	if f != nil && f.MaxCatalogue > 0 {
		return f.MaxCatalogue
	}
	return DefaultMaxCatalogue
}

func (f *Fetcher) maxBundle() int64 {
	if f != nil && f.MaxBundle > 0 {
		return f.MaxBundle
	}
	return DefaultMaxBundle
}

// isURL reports whether src is a URL rather than a file path.
func isURL(src string) bool {
	return strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://")
}

// Get reads src, a URL or a file path, refusing more than limit bytes.
// Plain HTTP is refused but to this machine: a catalogue's bundles are
// signed, but what a region trusts to list them should not travel in
// the clear.
func (f *Fetcher) Get(ctx context.Context, src string, limit int64) ([]byte, error) {
	if !isURL(src) {
		fh, err := os.Open(src)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		return readLimited(fh, src, limit)
	}
	u, err := url.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", src, err)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("fetch %s: plain http only to this machine; use https", src)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", src, err)
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", src, resp.Status)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("fetch %s: %d bytes: %w (%d)", src, resp.ContentLength, ErrTooLarge, limit)
	}
	return readLimited(resp.Body, src, limit)
}

func readLimited(r io.Reader, src string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", src, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("fetch %s: %w (%d bytes)", src, ErrTooLarge, limit)
	}
	return data, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// resolve returns where file, named in the catalogue at src, lies: beside
// the catalogue.
func resolve(src, file string) (string, error) {
	if !isURL(src) {
		return filepath.Join(filepath.Dir(src), filepath.FromSlash(file)), nil
	}
	base, err := url.Parse(src)
	if err != nil {
		return "", fmt.Errorf("catalogue %s: %w", src, err)
	}
	ref, err := url.Parse(url.PathEscape(file))
	if err != nil {
		return "", fmt.Errorf("catalogue %s: file %q: %w", src, file, err)
	}
	return base.ResolveReference(ref).String(), nil
}

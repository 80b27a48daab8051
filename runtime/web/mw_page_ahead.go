package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime"
)

// pageAhead returns ctx asking a store that can (runtime.PageReader:
// Redis) to read, with the session, the enrolment that a citizen's page
// under /e/{enrolment} shows and, for the overview, the citizen's inbox:
// one round trip where there were two. Only reads are asked for: the
// access checks run on what was read as they would on a read of their
// own, and a page that changes the enrolment reads it again. Any other
// request gets ctx. deadline calls it, so that it costs the request no
// copy of its own.
func (s *Server) pageAhead(ctx context.Context, pr runtime.PageReader, r *http.Request) context.Context {
	if pr == nil || r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ctx
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/e/")
	if !ok {
		return ctx
	}
	id, page, _ := strings.Cut(rest, "/")
	if !plainID(id) {
		return ctx
	}
	for _, name := range sessionCookies {
		if c, ok := sessionCookieOf(r, name); ok {
			return pr.PageAhead(ctx, storeKey(c.Value), id, page == "")
		}
	}
	return ctx
}

// pageReader returns the store as a runtime.PageReader, nil when it is
// none.
func (s *Server) pageReader() runtime.PageReader {
	pr, _ := s.store.(runtime.PageReader)
	return pr
}

// plainID reports whether id can be an enrolment's id: 1 to 64 ASCII
// letters, digits, dashes and underscores. Anything else is not read
// ahead (its page answers not found as before).
func plainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := range len(id) {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

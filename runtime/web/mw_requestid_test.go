package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log destination the test can read while handlers write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRequestIDOurOwn sends a forged X-Request-Id and checks that the
// answer, the error page and the log carry an id of the server's making,
// and the client's one only sanitized, under its own key.
func TestRequestIDOurOwn(t *testing.T) {
	var logs syncBuffer
	e := newEnv(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	forged := "<b>forged</b>\nlevel=ERROR msg=\"owned\" " + strings.Repeat("x", 500)
	w := e.anon().do("GET", "/no/such/page", nil, "X-Request-Id", forged)
	if w.Code != http.StatusNotFound {
		t.Fatalf("= %d", w.Code)
	}
	id := w.Header().Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{20}$`).MatchString(id) {
		t.Fatalf("X-Request-Id = %q, want 20 hex digits of our own", id)
	}
	body := w.Body.String()
	mustContain(t, body, id)
	mustNotContain(t, body, "forged", "owned")
	log := logs.String()
	if !strings.Contains(log, "req="+id) {
		t.Errorf("log has no req=%s:\n%s", id, log)
	}
	if strings.Contains(log, "<b>") || strings.Contains(log, `\n`) || strings.Contains(log, "xxxxxxxxxx"+strings.Repeat("x", 60)) {
		t.Errorf("log holds the client's id unsanitized:\n%s", log)
	}
	if !strings.Contains(log, "client_req=bforged/blevelERRORmsgowned") {
		t.Errorf("log lacks the client's id, sanitized:\n%s", log)
	}

	other := e.anon().do("GET", "/healthz", nil).Header().Get("X-Request-Id")
	if other == "" || other == id {
		t.Errorf("second request id %q, first %q: want a fresh one", other, id)
	}
}

func TestClientRequestID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc-123", "abc-123"},
		{"trace/0af7651916cd43dd8448eb211c80319c", "trace/0af7651916cd43dd8448eb211c80319c"},
		{"a b\r\nc", "abc"},
		{"<script>", "script"},
		{"åäö", ""},
		{strings.Repeat("y", 100), strings.Repeat("y", 64)},
	}
	for _, tt := range tests {
		if got := clientRequestID(tt.in); got != tt.want {
			t.Errorf("clientRequestID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

package web

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestJoinWritesAnswers serves answers of every size around net/http's
// buffers, whole and in pieces, with and without a length, over one kept
// connection and over new ones, and checks that each arrives whole and
// at once: an answer whose last write is exactly a full buffer (kept
// back until the answer ends) among them.
func TestJoinWritesAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	body := func(n int) []byte { return bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n] }
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		b := body(n)
		if r.URL.Query().Get("length") != "" {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		if r.URL.Query().Get("close") != "" {
			w.Header().Set("Connection", "close")
		}
		if piece, _ := strconv.Atoi(r.URL.Query().Get("piece")); piece > 0 {
			for len(b) > 0 {
				k := min(piece, len(b))
				w.Write(b[:k])
				b = b[k:]
			}
			return
		}
		w.Write(b)
	})
	hs := &http.Server{Handler: h}
	go hs.Serve(JoinWrites(ln))
	t.Cleanup(func() { hs.Close() })
	base := "http://" + ln.Addr().String() + "/?"
	client := &http.Client{Timeout: 5 * time.Second}
	var sizes []int
	for n := 3800; n <= 4200; n++ { // every split of the 4 KB buffer, headers and all
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 0, 1, 2047, 2048, 2049, 8192, 9317, 20000, 100_000)
	for _, q := range []string{"", "length=1", "piece=100", "piece=4096&length=1", "close=1", "close=1&length=1"} {
		for _, n := range sizes {
			start := time.Now()
			res, err := client.Get(base + q + "&n=" + strconv.Itoa(n))
			if err != nil {
				t.Fatalf("%s n=%d: %v", q, n, err)
			}
			got, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil || !bytes.Equal(got, body(n)) {
				t.Fatalf("%s n=%d: %d bytes, %v", q, n, len(got), err)
			}
			// Kept bytes go out when the answer ends, at once: never
			// after a timer.
			if d := time.Since(start); d > time.Second {
				t.Fatalf("%s n=%d took %v", q, n, d)
			}
		}
	}
	res, err := client.Head(base + "n=9317")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("HEAD: %v %v", res, err)
	}
	res.Body.Close()
	res, err = client.Post(base+"n=9317", "text/plain", strings.NewReader(strings.Repeat("x", 10_000)))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(res.Body); !bytes.Equal(got, body(9317)) {
		t.Errorf("POST: %d bytes", len(got))
	}
	res.Body.Close()
}

// fakeConn records what is written to it and what was asked of it.
type fakeConn struct {
	net.Conn
	out           bytes.Buffer
	writes        int
	closed, shut  bool
	readsBeforeIO int // bytes written before a read or a write deadline
}

func (c *fakeConn) Write(p []byte) (int, error) { c.writes++; return c.out.Write(p) }
func (c *fakeConn) Read(p []byte) (int, error) {
	c.readsBeforeIO = c.out.Len()
	return 0, io.EOF
}
func (c *fakeConn) Close() error      { c.closed = true; return nil }
func (c *fakeConn) CloseWrite() error { c.shut = true; return nil }
func (c *fakeConn) SetWriteDeadline(time.Time) error {
	c.readsBeforeIO = c.out.Len()
	return nil
}

// TestJoinConnKeepsAFullBuffer checks what a connection keeps back and
// when it lets it go: a write of exactly a full buffer waits for the next
// write, the end of the answer (a write deadline), a read, a close or a
// shutdown for writing; any other write goes
// at once, after what was kept.
func TestJoinConnKeepsAFullBuffer(t *testing.T) {
	full := bytes.Repeat([]byte("a"), connBufferSize)
	tests := []struct {
		name string
		then func(c *joinConn, f *fakeConn) error
		want func(f *fakeConn) bool
	}{
		{"the next write", func(c *joinConn, f *fakeConn) error { _, err := c.Write([]byte("b")); return err },
			func(f *fakeConn) bool { return f.out.String() == string(full)+"b" }},
		{"a read", func(c *joinConn, f *fakeConn) error { c.Read(make([]byte, 1)); return nil },
			func(f *fakeConn) bool { return f.readsBeforeIO == connBufferSize }},
		{"close", func(c *joinConn, f *fakeConn) error { return c.Close() },
			func(f *fakeConn) bool { return f.out.Len() == connBufferSize && f.closed }},
		{"shutdown for writing", func(c *joinConn, f *fakeConn) error { return c.CloseWrite() },
			func(f *fakeConn) bool { return f.out.Len() == connBufferSize && f.shut }},
		{"the end of an answer", func(c *joinConn, f *fakeConn) error { return c.SetWriteDeadline(time.Time{}) },
			func(f *fakeConn) bool { return f.readsBeforeIO == connBufferSize }},
		{"a copy", func(c *joinConn, f *fakeConn) error { _, err := c.ReadFrom(strings.NewReader("c")); return err },
			func(f *fakeConn) bool { return f.out.String() == string(full)+"c" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeConn{}
			c := &joinConn{Conn: f}
			if n, err := c.Write(full); n != len(full) || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
			if f.out.Len() != 0 {
				t.Fatalf("a full buffer went at once")
			}
			if err := tt.then(c, f); err != nil {
				t.Fatal(err)
			}
			if !tt.want(f) {
				t.Errorf("wrote %d bytes in %d writes, read after %d, closed %v, shut %v",
					f.out.Len(), f.writes, f.readsBeforeIO, f.closed, f.shut)
			}
		})
	}
	f := &fakeConn{}
	c := &joinConn{Conn: f}
	if _, err := c.Write([]byte("small")); err != nil || f.out.String() != "small" {
		t.Errorf("a small write was kept: %q, %v", f.out.String(), err)
	}
}

// TestJoinWritesPipelined sends two requests at once, the second a POST
// to a handler that waits, its body unread, until the first answer has
// arrived: an answer whose last write is exactly a full buffer must not
// wait for the next request, which net/http has already read into its
// buffer along with its body (so no read of the connection comes
// between the two).
func TestJoinWritesPipelined(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/wait" {
			select {
			case <-release:
			case <-time.After(5 * time.Second):
			}
			return
		}
		// net/http's read in the background, watching for the client
		// going away, is under way before the answer is written.
		time.Sleep(2 * time.Millisecond)
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		w.Write(bytes.Repeat([]byte("x"), n))
	})
	hs := &http.Server{Handler: h}
	go hs.Serve(JoinWrites(ln))
	t.Cleanup(func() { hs.Close() })
	for n := 3900; n <= 4100; n++ { // every split of the 4 KB buffer, headers and all
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET /?n=%d HTTP/1.1\r\nHost: x\r\n\r\nPOST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", n)
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		var got []byte
		if err == nil {
			got, err = io.ReadAll(res.Body)
		}
		release <- struct{}{}
		c.Close()
		if err != nil || len(got) != n {
			t.Fatalf("n=%d: the first answer, %d bytes: %v", n, len(got), err)
		}
	}
}

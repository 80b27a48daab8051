package web

import (
	"io"
	"net"
	"sync"
	"time"
)

// connBufferSize is the size of the buffer net/http writes an HTTP/1
// connection's answers through: when it fills in the middle of an
// answer, it is written whole, and the rest of the answer follows in
// another write.
const connBufferSize = 4 << 10

// JoinWrites returns a listener whose connections send an answer larger
// than net/http's 4 KB connection buffer in one system call, where
// net/http makes two: the buffer, full, and then the rest. A write of
// exactly a full buffer is kept back until the next write, which sends
// both together (writev), or until the answer ends (net/http clears the
// write deadline as each answer ends), the connection is read, closed or
// shut for writing, so nothing waits for longer than its answer takes to
// finish, not even behind a pipelined request already read. Every page over about 3.5 KB, the citizen's overview among
// them, then costs the server one write instead of two: on this
// machine's loopback, a write is about a tenth of the overview's CPU.
//
// It is for the plain HTTP/1 listener of serve: no stegvis handler
// streams (a handler that flushed a full buffer and then waited would
// have that part kept until its next write), and over TLS or HTTP/2 the
// writes are never exactly a buffer, so they pass as they are.
func JoinWrites(ln net.Listener) net.Listener { return joinListener{ln} }

type joinListener struct{ net.Listener }

func (l joinListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &joinConn{Conn: c}, nil
}

// joinConn keeps back a write of a full buffer (see JoinWrites). net/http
// writes from the handler's goroutine and may read from another at the
// same time (it watches for the client going away), so the kept bytes
// are behind a lock.
type joinConn struct {
	net.Conn
	mu   sync.Mutex
	held []byte
}

func (c *joinConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.held) > 0 {
		bufs := net.Buffers{c.held, p}
		n, err := bufs.WriteTo(c.Conn)
		sent := int(n) - len(c.held)
		c.held = c.held[:0]
		if sent < 0 {
			// The kept bytes did not all go: p did not start.
			return 0, err
		}
		return sent, err
	}
	if len(p) == connBufferSize {
		if c.held == nil {
			c.held = make([]byte, 0, connBufferSize)
		}
		c.held = append(c.held, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// flush sends what is kept back.
func (c *joinConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.held) == 0 {
		return nil
	}
	_, err := c.Conn.Write(c.held)
	c.held = c.held[:0]
	return err
}

func (c *joinConn) Read(p []byte) (int, error) {
	if err := c.flush(); err != nil {
		return 0, err
	}
	return c.Conn.Read(p)
}

func (c *joinConn) Close() error {
	ferr := c.flush()
	if err := c.Conn.Close(); err != nil {
		return err
	}
	return ferr
}

// SetWriteDeadline sends what is kept back first: net/http sets the write
// deadline as each answer ends, so that is where an answer's last bytes
// go, even when the next request is already in net/http's buffer and no
// read of the connection comes first.
func (c *joinConn) SetWriteDeadline(t time.Time) error {
	if err := c.flush(); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}

// CloseWrite is net.TCPConn's, which net/http calls before it closes a
// connection it will not reuse.
func (c *joinConn) CloseWrite() error {
	if err := c.flush(); err != nil {
		return err
	}
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom keeps net.TCPConn's sendfile and splice for what net/http
// copies from a file.
func (c *joinConn) ReadFrom(r io.Reader) (int64, error) {
	if err := c.flush(); err != nil {
		return 0, err
	}
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

package pdf

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// BenchmarkChromiumWarmPrintToPDF prints the module of
// BenchmarkModule20Pages as simple HTML with a warm headless Chromium:
// the browser is started and the page loaded once, then each iteration
// is one Page.printToPDF, what Puppeteer's and Playwright's page.pdf()
// send. It speaks the DevTools protocol over --remote-debugging-pipe, so
// it needs no library. Compare its ns/op with BenchmarkModule20Pages'.
func BenchmarkChromiumWarmPrintToPDF(b *testing.B) {
	bin, dir, page := chromiumModule(b)
	cdp, err := startCDP(bin, filepath.Join(dir, "profile"))
	if err != nil {
		b.Fatal(err)
	}
	defer cdp.close()

	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := cdp.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		b.Fatal(err)
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := cdp.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		b.Fatal(err)
	}
	sid := attached.SessionID
	if err := cdp.call(sid, "Page.enable", nil, nil); err != nil {
		b.Fatal(err)
	}
	loaded := cdp.await(sid, "Page.loadEventFired")
	if err := cdp.call(sid, "Page.navigate", map[string]any{"url": "file://" + page}, nil); err != nil {
		b.Fatal(err)
	}
	select {
	case <-loaded:
	case <-time.After(30 * time.Second):
		b.Fatal("chromium: the page did not load in 30 s")
	}
	print := func() []byte {
		var out struct {
			Data string `json:"data"`
		}
		if err := cdp.call(sid, "Page.printToPDF", map[string]any{"preferCSSPageSize": true}, &out); err != nil {
			b.Fatal(err)
		}
		pdf, err := base64.StdEncoding.DecodeString(out.Data)
		if err != nil {
			b.Fatal(err)
		}
		return pdf
	}
	pdf := print() // warm
	for b.Loop() {
		print()
	}
	b.ReportMetric(float64(pageCount(pdf)), "pages")
}

// cdp is a Chromium spoken to over --remote-debugging-pipe: JSON
// messages ended by a NUL byte, commands on the browser's fd 3, answers
// and events on its fd 4.
type cdp struct {
	cmd *exec.Cmd
	in  io.WriteCloser

	mu      sync.Mutex
	next    int
	calls   map[int]chan cdpMessage
	waiting map[string]chan struct{} // session + " " + event → fired
	dead    error
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    any             `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startCDP(bin, profile string) (*cdp, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--remote-debugging-pipe", "--user-data-dir="+profile, "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, outW}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	cmdR.Close()
	outW.Close()
	c := &cdp{cmd: cmd, in: cmdW, calls: map[int]chan cdpMessage{}, waiting: map[string]chan struct{}{}}
	go c.read(outR)
	return c, nil
}

func (c *cdp) read(r io.ReadCloser) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			c.mu.Lock()
			c.dead = fmt.Errorf("chromium: pipe closed: %w", err)
			for id, ch := range c.calls {
				close(ch)
				delete(c.calls, id)
			}
			c.mu.Unlock()
			return
		}
		var m cdpMessage
		if err := json.Unmarshal(raw[:len(raw)-1], &m); err != nil {
			continue
		}
		c.mu.Lock()
		if m.ID != 0 {
			if ch, ok := c.calls[m.ID]; ok {
				ch <- m
				delete(c.calls, m.ID)
			}
		} else if ch, ok := c.waiting[m.SessionID+" "+m.Method]; ok {
			close(ch)
			delete(c.waiting, m.SessionID+" "+m.Method)
		}
		c.mu.Unlock()
	}
}

// await returns a channel closed when the event method next fires in
// session.
func (c *cdp) await(session, method string) <-chan struct{} {
	ch := make(chan struct{})
	c.mu.Lock()
	c.waiting[session+" "+method] = ch
	c.mu.Unlock()
	return ch
}

// call sends a command and decodes its result into out (if not nil).
func (c *cdp) call(session, method string, params, out any) error {
	ch := make(chan cdpMessage, 1)
	c.mu.Lock()
	if c.dead != nil {
		c.mu.Unlock()
		return c.dead
	}
	c.next++
	id := c.next
	c.calls[id] = ch
	c.mu.Unlock()
	msg, err := json.Marshal(cdpMessage{ID: id, SessionID: session, Method: method, Params: params})
	if err != nil {
		return err
	}
	if _, err := c.in.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("chromium %s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return fmt.Errorf("chromium %s: no answer", method)
		}
		if m.Error != nil {
			return fmt.Errorf("chromium %s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-time.After(60 * time.Second):
		return fmt.Errorf("chromium %s: no answer in 60 s", method)
	}
}

func (c *cdp) close() {
	c.call("", "Browser.close", nil, nil)
	c.in.Close()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}

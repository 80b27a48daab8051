package main

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A busy port stops the demo before it builds or touches its store.
func TestDemoBusyPort(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	store := filepath.Join(t.TempDir(), "var", "demo.db")
	// The folder does not exist: a demo that built first would say so.
	code, stdout, stderr := stegvis(t, "demo", "--addr", ln.Addr().String(), "--store", store, filepath.Join(t.TempDir(), "none"))
	if code != 1 || !strings.Contains(stderr, "kan inte lyssna på "+ln.Addr().String()) {
		t.Errorf("exit %d, want 1 with the listen error\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Dir(store)); !os.IsNotExist(err) {
		t.Errorf("the demo made its store's folder before listening: %v", err)
	}
}

// Only a --lang on the command line fixes the pages' language.
func TestFlagSet(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--lang", "en"}, true},
		{[]string{"--lang=sv"}, true},
		{[]string{"--dev"}, false},
	} {
		fs, _, _ := commandFlags(serveCmd, tt.args, io.Discard, "cli.serve.flag.lang")
		fs.Bool("dev", false, "")
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if got := flagSet(fs, "lang"); got != tt.want {
			t.Errorf("flagSet(%v) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

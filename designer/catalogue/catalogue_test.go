package catalogue

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/sign"
)

func entry(t *testing.T, version string, seed byte, signed bool) Entry {
	t.Helper()
	p := &designer.Program{Schema: designer.SchemaVersion, ID: "prov", Version: version, Title: "Prov " + version}
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		t.Fatal(err)
	}
	b := bundle.New(p, map[string][]byte{designer.ProgramFile: pj})
	if signed {
		if b, err = sign.Bundle(b, ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, 32))); err != nil {
			t.Fatal(err)
		}
	}
	z, err := Zip(b)
	if err != nil {
		t.Fatal(err)
	}
	return Entry{Bundle: b, Zip: z}
}

func TestMakeWriteParse(t *testing.T) {
	entries := []Entry{entry(t, "1.0", 1, true), entry(t, "1.10", 1, true), entry(t, "1.2", 1, true)}
	c, err := Make("Region A", entries)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Programs[0]
	if len(c.Programs) != 1 || p.Title != "Prov 1.10" || p.Versions[0].Version != "1.10" || p.Versions[2].Version != "1.0" {
		t.Errorf("catalogue %+v", p)
	}
	dir := t.TempDir()
	if err := WriteDir(dir, "sv", c, entries); err != nil {
		t.Fatal(err)
	}
	again, _ := Make("Region A", []Entry{entries[2], entries[0], entries[1]})
	if !bytes.Equal(c.Bytes(), again.Bytes()) {
		t.Error("the same bundles in another order gave other bytes")
	}
	data, err := os.ReadFile(filepath.Join(dir, File))
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(data)
	if err != nil || !bytes.Equal(back.Bytes(), data) {
		t.Fatalf("parse: %v", err)
	}
	if html, err := os.ReadFile(filepath.Join(dir, IndexFile)); err != nil || !strings.Contains(string(html), "Delade program från Region A") {
		t.Errorf("index.html: %v", err)
	}
	if err := WriteDir(dir, "sv", c, []Entry{{Bundle: entries[0].Bundle, Zip: []byte("other")}}); err == nil {
		t.Error("a listed zip was overwritten with other bytes")
	}
}

func TestMakeRefuses(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		want    string
	}{
		{"unsigned", []Entry{entry(t, "1.0", 0, false)}, "--sign"},
		{"two publishers", []Entry{entry(t, "1.0", 1, true), entry(t, "1.1", 2, true)}, "one publisher"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Make("", tt.entries); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	c, err := Make("", []Entry{entry(t, "1.0", 1, true)})
	if err != nil {
		t.Fatal(err)
	}
	good := string(c.Bytes())
	file := c.Programs[0].Versions[0].File
	tests := map[string]string{
		"a path outside":  strings.Replace(good, `"file": "`+file, `"file": "../`+file, 1),
		"a URL":           strings.Replace(good, `"file": "`+file, `"file": "https://evil.example/`+file, 1),
		"another schema":  strings.Replace(good, `"schema": 1`, `"schema": 2`, 1),
		"a bad id":        strings.Replace(good, `"id": "prov"`, `"id": "../prov"`, 1),
		"a short hash":    strings.Replace(good, `"hash": "`, `"hash": "x`, 1),
		"not JSON at all": "<html>",
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(data)); err == nil {
				t.Error("parsed")
			}
		})
	}
}

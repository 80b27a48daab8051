package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestPublishAndServeFlags(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "sv_SE.UTF-8")
	out := t.TempDir()
	store := filepath.Join(t.TempDir(), "var", "s.db")
	if code, _, stderr := stegvis(t, "build", "../../content/foraldraskap", "-o", out, "--no-pdf"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	bundles, _ := filepath.Glob(filepath.Join(out, "foraldraskap@*"))
	if len(bundles) != 1 {
		t.Fatalf("bundles %v", bundles)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"publish", []string{"publish", bundles[0], "--store", store, "--by", "test", "--lang", "en"}, 0, "published foraldraskap@1.0+"},
		{"publish again", []string{"publish", bundles[0], "--store", store}, 0, "publicerade foraldraskap@1.0+"},
		{"publish nothing", []string{"publish", "--store", store, "--lang", "en"}, 2, "Usage: stegvis publish"},
		{"publish nothing, in Swedish", []string{"publish", "--store", store, "--lang", "sv"}, 2, "Användning: stegvis publish"},
		{"publish a folder that is no bundle", []string{"publish", t.TempDir(), "--store", store}, 1, "no manifest"},
		{"serve help", []string{"serve", "--help"}, 0, "--dev"},
		{"serve without sign-in", []string{"serve", "--store", store, "--lang", "en"}, 1, "run with --dev"},
		{"demo needs dev", []string{"serve", "--store", store, "--demo"}, 1, "--demo kräver --dev"},
		{"serve takes no arguments", []string{"serve", "extra", "--lang", "en"}, 2, "Usage: stegvis serve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := stegvis(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.contains) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
		})
	}
}

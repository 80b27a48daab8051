package auth

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestNewDevRefusedWithoutFlag(t *testing.T) {
	if _, err := NewDev(false, func(context.Context, string, time.Time) (Identity, error) { return Identity{}, nil }, nil); !errors.Is(err, ErrDevNotAllowed) {
		t.Fatalf("NewDev(false) = %v, want ErrDevNotAllowed", err)
	}
}

func TestDevAuthenticate(t *testing.T) {
	d, err := NewDev(true, func(_ context.Context, s string, _ time.Time) (Identity, error) {
		if s == "anna" {
			return Identity{Kind: Staff, Subject: "anna", Name: "Anna"}, nil
		}
		return Identity{}, ErrUnknown
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, user string
		want       error
	}{
		{"known", "anna", nil},
		{"known with spaces", " anna ", nil},
		{"unknown", "bert", ErrUnknown},
		{"empty", "", ErrUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/signin/callback", strings.NewReader(url.Values{"user": {tt.user}}.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			id, err := d.Authenticate(r, Attempt{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err == nil && id.Subject != "anna" {
				t.Errorf("subject = %q", id.Subject)
			}
		})
	}
	if !d.Development() {
		t.Error("Development() = false")
	}
}

package runtime

import (
	"context"
	"errors"
	"testing"
	"time"
)

// publicationList is a BundleStore that knows only its publications.
type publicationList struct {
	BundleStore
	pubs []Publication
}

func (l publicationList) Publications(context.Context) ([]Publication, error) { return l.pubs, nil }

func TestLatestPublication(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	pubs := []Publication{
		{Program: "somn", Version: "1.9", Bundle: "somn@1.9+a", PublishedAt: at(1)},
		{Program: "somn", Version: "1.10", Bundle: "somn@1.10+b", PublishedAt: at(2)},
		{Program: "somn", Version: "1.2", Bundle: "somn@1.2+c", PublishedAt: at(3)},
		{Program: "annat", Version: "3.0", Bundle: "annat@3.0+d", PublishedAt: at(4)},
		{Program: "tva", Version: "2.0", Bundle: "tva@2.0+e", PublishedAt: at(1)},
		{Program: "tva", Version: "2.0", Bundle: "tva@2.0+f", PublishedAt: at(5)},
	}
	tests := []struct {
		program, want string
	}{
		{"somn", "somn@1.10+b"},
		{"annat", "annat@3.0+d"},
		{"tva", "tva@2.0+f"},
		{"borta", ""},
	}
	for _, tt := range tests {
		t.Run(tt.program, func(t *testing.T) {
			got, err := LatestPublication(context.Background(), publicationList{pubs: pubs}, tt.program)
			if tt.want == "" {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
				return
			}
			if err != nil || got.Bundle != tt.want {
				t.Errorf("got %q, %v; want %q", got.Bundle, err, tt.want)
			}
		})
	}
}

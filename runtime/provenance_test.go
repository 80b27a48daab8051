package runtime

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer/sign"
)

func TestParseTrust(t *testing.T) {
	pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)).Public().(ed25519.PublicKey)
	fp := sign.Fingerprint(pub)
	b64 := sign.Publisher(pub).Key
	tests := []struct {
		name, file string
		want       []TrustedPublisher
		err        string
	}{
		{"fingerprint with catalogue", "Region Exempel " + fp + " https://example.org/c.json\n", []TrustedPublisher{{Name: "Region Exempel", Fingerprint: fp, Catalogue: "https://example.org/c.json"}}, ""},
		{"public key without catalogue", "# kommentar\n\nVästra " + b64 + "\n", []TrustedPublisher{{Name: "Västra", Fingerprint: fp}}, ""},
		{"no key", "Region Exempel abc\n", nil, "trust.txt:1: no key"},
		{"no name", fp + "\n", nil, "trust.txt:1: no name"},
		{"too much", "R " + fp + " c.json extra\n", nil, "trust.txt:1:"},
		{"twice", "A " + fp + "\nB " + b64 + "\n", nil, "trust.txt:2: the key of B is listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := ParseTrust(strings.NewReader(tt.file), "trust.txt")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := tr.Publishers()
			if len(got) != len(tt.want) || got[0] != tt.want[0] {
				t.Errorf("publishers %+v, want %+v", got, tt.want)
			}
			if _, err := tr.CheckPublisher(strings.Repeat("a", 52)); !errors.Is(err, ErrUntrusted) {
				t.Errorf("an unknown key: %v", err)
			}
		})
	}
}

func TestClaimOfImports(t *testing.T) {
	imp := func(fp string) *Provenance { return &Provenance{Fingerprint: fp} }
	tests := []struct {
		name  string
		claim Claim
		p     Publication
		ok    bool
	}{
		{"the owning key", Claim{Owner: "key:a"}, Publication{Program: "p", Unit: "u1", Provenance: imp("a")}, true},
		{"another key", Claim{Owner: "key:a"}, Publication{Program: "p", Unit: "u1", Provenance: imp("b")}, false},
		{"the operator on an import", Claim{Owner: "key:a"}, Publication{Program: "p"}, false},
		{"a unit on an import", Claim{Owner: "key:a"}, Publication{Program: "p", Unit: "u1"}, false},
		{"an import of the operator's program", Claim{Owner: ""}, Publication{Program: "p", Unit: "u1", Provenance: imp("a")}, false},
		{"an import of a unit's program", Claim{Owner: "u1"}, Publication{Program: "p", Unit: "u1", Provenance: imp("a")}, false},
		{"the operator on a unit's program", Claim{Owner: "u1"}, Publication{Program: "p"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.claim.Check(tt.p)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrNotPublisher)) {
				t.Errorf("Check = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

package source

import "testing"

func TestFoldID(t *testing.T) {
	tests := []struct {
		id, want string
		ok       bool
	}{
		{"sömnvanor", "somnvanor", true},
		{"Ångest och oro", "angest-och-oro", true},
		{"kväll_rutin", "kvall-rutin", true},
		{"café", "cafe", true},
		{"???", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, ok := FoldID(tt.id)
			if got != tt.want || ok != tt.ok {
				t.Errorf("FoldID(%q) = %q, %v; want %q, %v", tt.id, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMisnamed(t *testing.T) {
	tests := []struct {
		name, id, char, fixed string
		ok                    bool
	}{
		{"02-sömnvanor", "sömnvanor", "ö", "02-somnvanor", true},
		{"10-Sömn", "Sömn", "S", "10-somn", true},
		{"02-somnvanor", "", "", "", false}, // nothing wrong
		{"somnvanor", "", "", "", false},    // no number
		{"02-!!", "", "", "", false},        // nothing to fold to
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, r, fixed, ok := Misnamed(tt.name)
			if ok != tt.ok || id != tt.id || fixed != tt.fixed || (ok && string(r) != tt.char) {
				t.Errorf("Misnamed(%q) = %q, %q, %q, %v", tt.name, id, string(r), fixed, ok)
			}
		})
	}
}

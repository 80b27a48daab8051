package lix

import (
	"math"
	"testing"
)

func TestOf(t *testing.T) {
	tests := []struct {
		name string
		text string
		want float64
	}{
		{"empty", "", 0},
		// 4 words, 1 sentence, 0 long: 4 + 0
		{"short words", "Det är en dag.", 4},
		// 7 words, 2 sentences, 3 long (mottagningen, erbjuder, behandling)
		{"two sentences", "Ring mottagningen i dag. Vi erbjuder behandling.", 7.0/2 + 100*3.0/7},
		// hyphenated words count once; 7 letters are long
		{"hyphen", "KBT-behandling hjälper.", 2.0/1 + 100*2.0/2},
		{"no full stop ends the block", "Vad är stress", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.text); math.Abs(got-tt.want) > 0.01 {
				t.Errorf("Of(%q) = %.2f, want %.2f", tt.text, got, tt.want)
			}
		})
	}
}

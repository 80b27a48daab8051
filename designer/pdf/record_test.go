package pdf

import (
	"strings"
	"testing"
)

func TestRecord(t *testing.T) {
	p := sampleProgram()
	tests := []struct {
		name string
		rec  Record
		want []string // in this order
	}{
		{"rows", Record{
			Title: "Tidslinje", Subject: "Eva Ödman 19900101-1234",
			Facts:   []string{"Eva Ödman, 19900101-1234", "Period: 2025-03-01 – 2025-03-07"},
			Columns: []string{"Tid", "Vem", "Händelse"},
			Rows: [][]string{
				{"2025-03-01 09:00", "Anna Berg", "Momentet startades"},
				{"2025-03-02 21:15", "Invånaren", "Formuläret Sömndagbok skickades in"},
			},
		}, []string{"Tidslinje", "Eva Ödman, 19900101-1234", "Period: 2025-03-01", "Tid", "Vem", "Händelse",
			"2025-03-01 09:00", "Anna Berg", "Momentet startades", "Invånaren", "Sömndagbok", "sida 1 av 1"}},
		{"empty", Record{Title: "Tidslinje", Columns: []string{"Tid"}, Empty: "Inga händelser under perioden."},
			[]string{"Tidslinje", "Inga händelser under perioden."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := New().Record(p, tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			inOrder(t, pdfText(t, b, false), tt.want)
		})
	}
}

// inOrder fails unless text holds each of wants, in that order.
func inOrder(t *testing.T, text string, wants []string) {
	t.Helper()
	at := 0
	for _, w := range wants {
		i := strings.Index(text[at:], w)
		if i < 0 {
			t.Fatalf("%q not found after offset %d in:\n%s", w, at, text)
		}
		at += i
	}
}

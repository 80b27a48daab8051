package check

import (
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/themes"
)

func TestPageAudioSize(t *testing.T) {
	tests := []struct {
		name string
		size int64
		want string
	}{
		{"at the bound", MaxAudioSize, ""},
		{"over it", MaxAudioSize + 1, "30.0 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &designer.Step{ID: "a", Title: "A", Kind: designer.KindText, Audio: "media/las.mp3", Body: []byte("Text.")}
			p := &designer.Program{ID: "p", Version: "1.0", Title: "P", Media: []*designer.MediaFile{{Name: "media/las.mp3"}},
				Modules: []*designer.Module{{ID: "m", Title: "M", Sections: []*designer.Section{{ID: "s", Title: "S", Steps: []*designer.Step{st}}}}}}
			var ds designer.Diagnostics
			Program(p, Usage{MediaSizes: map[string]int64{"media/las.mp3": tt.size}}, &ds)
			var got []string
			for _, d := range ds {
				if strings.Contains(d.Key, "audio") {
					got = append(got, d.Format(themes.Lookup("en").T))
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("diagnostics %q", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want)):
				t.Errorf("diagnostics %q, want one saying %q", got, tt.want)
			}
		})
	}
}

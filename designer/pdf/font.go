package pdf

import "bytes"

// Font families as registered with fpdf.
const (
	sans = "go"
	mono = "gomono"
)

// fontKey names one embedded font: a family and an fpdf style ("", "B",
// "I", "BI").
type fontKey struct {
	family, style string
}

// style is the text style in effect.
type style struct {
	bold, italic, code, strike bool
	size                       float64
}

func (s style) key() fontKey {
	if s.code {
		return fontKey{mono, ""}
	}
	k := fontKey{family: sans}
	if s.bold {
		k.style += "B"
	}
	if s.italic {
		k.style += "I"
	}
	return k
}

// apply sets the font of d.st.
func (d *doc) apply() {
	k := d.st.key()
	d.load(k)
	st := k.style
	if d.st.strike {
		st += "S"
	}
	size := d.st.size
	if d.st.code {
		size *= 0.92 // the mono face runs wide
	}
	d.f.SetFont(k.family, st, size)
}

// rawFont sets a font without changing d.st, for headers and footers.
func (d *doc) rawFont(k fontKey, size float64) {
	d.load(k)
	d.f.SetFont(k.family, k.style, size)
}

// load adds a font to the document the first time it is used, so that a
// document carries (and parses) only the faces it prints with.
func (d *doc) load(k fontKey) {
	if d.loaded[k] {
		return
	}
	d.loaded[k] = true
	if d.r.parsed != nil {
		// Parsed once per Renderer, shared read-only (fontcache.go).
		d.r.parsed.add(d.f.Fpdf, k)
		return
	}
	// fpdf writes into the font bytes it is given (getMetrics appends to
	// a slice of them), so each document gets its own copy: the Renderer's
	// fonts are shared by every document and goroutine.
	d.f.AddUTF8FontFromBytes(k.family, k.style, bytes.Clone(d.r.fonts[k]))
}

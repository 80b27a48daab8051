package pdf

import (
	"bytes"
	"maps"
	"reflect"
	"unsafe"

	"codeberg.org/go-pdf/fpdf"
)

// Fonts parsed once per process. fpdf parses a TrueType font when it is
// added to a document (AddUTF8FontFromBytes: its tables, a width for each
// of 65,536 runes, and a JSON encoding of all that for the font's id), and
// that was most of the allocations of a render. fpdf offers no way to add
// a parsed font, so parsedFonts parses each font once, into a document
// that is never printed, and hands every new document a copy of the
// parsed definition: the parsed tables and widths are shared read-only,
// and what a document changes is its own: the runes it uses, and the
// reader fpdf cuts the font's subset with at the end, over a copy of the
// font bytes, since fpdf writes into the bytes it reads from.
//
// It reaches into fpdf's unexported fields (its font map, the parsed
// font's reader), which are pinned with the module version in go.mod.
// newParsedFonts checks every field it needs by name and type; if an fpdf
// upgrade changed them it returns nil, and documents parse their fonts
// as before (TestFontsParsedOnce fails then, so that the upgrade is
// noticed).

// parsedFonts holds the parsed definition of each font, by fpdf's font
// key.
type parsedFonts struct {
	defs  map[string]reflect.Value // fontDefType values, from proto
	bytes map[string][]byte        // each font's bytes, never written
}

// fpdf's names for what parsedFonts needs.
var (
	fpdfFonts     = "fonts"      // Fpdf.fonts map[string]fontDefType
	fpdfUTF8File  = "utf8File"   // fontDefType.utf8File *utf8FontFile
	fpdfUsedRunes = "usedRunes"  // fontDefType.usedRunes map[int]int
	fpdfReader    = "fileReader" // utf8FontFile.fileReader *fileReader
	fpdfPosition  = "readerPosition"
	fpdfArray     = "array"
	usedRunesType = reflect.TypeFor[map[int]int]()
)

// newParsedFonts parses fonts once into a document of their own, set up as
// newDoc sets up every document (the page-count alias changes what fpdf
// keeps per font), and returns them; nil if fpdf's insides are not what
// parsedFonts knows.
func newParsedFonts(fonts map[fontKey][]byte) *parsedFonts {
	proto := fpdf.New("P", "mm", "A4", "")
	proto.AliasNbPages(nbAlias)
	pf := &parsedFonts{defs: map[string]reflect.Value{}, bytes: map[string][]byte{}}
	for k, ttf := range fonts {
		b := bytes.Clone(ttf)
		proto.AddUTF8FontFromBytes(k.family, k.style, bytes.Clone(b))
		pf.bytes[fpdfKey(k)] = b
	}
	if proto.Err() {
		return nil
	}
	m, ok := fieldOf(reflect.ValueOf(proto).Elem(), fpdfFonts, reflect.Map)
	if !ok || m.Type().Key().Kind() != reflect.String {
		return nil
	}
	for key := range pf.bytes {
		def := m.MapIndex(reflect.ValueOf(key))
		if !def.IsValid() || def.Kind() != reflect.Struct {
			return nil
		}
		c := reflect.New(def.Type()).Elem()
		c.Set(def)
		if r, ok := fieldOf(c, fpdfUsedRunes, reflect.Map); !ok || r.Type() != usedRunesType {
			return nil
		}
		utf, ok := fieldOf(c, fpdfUTF8File, reflect.Pointer)
		if !ok || utf.IsNil() || utf.Elem().Kind() != reflect.Struct {
			return nil
		}
		reader, ok := fieldOf(utf.Elem(), fpdfReader, reflect.Pointer)
		if !ok || reader.Type().Elem().Kind() != reflect.Struct {
			return nil
		}
		fr := reflect.New(reader.Type().Elem()).Elem()
		if _, ok := fieldOf(fr, fpdfPosition, reflect.Int64); !ok {
			return nil
		}
		if a, ok := fieldOf(fr, fpdfArray, reflect.Slice); !ok || a.Type().Elem().Kind() != reflect.Uint8 {
			return nil
		}
		pf.defs[key] = c
	}
	return pf
}

// add adds font k to f as AddUTF8FontFromBytes would, from the parsed
// definition.
func (pf *parsedFonts) add(f *fpdf.Fpdf, k fontKey) {
	key := fpdfKey(k)
	m, _ := fieldOf(reflect.ValueOf(f).Elem(), fpdfFonts, reflect.Map)
	if m.MapIndex(reflect.ValueOf(key)).IsValid() {
		return
	}
	proto := pf.defs[key]
	def := reflect.New(proto.Type()).Elem()
	def.Set(proto)

	// The runes the document uses, starting from what fpdf starts with.
	runes, _ := fieldOf(def, fpdfUsedRunes, reflect.Map)
	runes.Set(reflect.ValueOf(maps.Clone(runes.Interface().(map[int]int))))

	// The parsed font, with a reader of its own over a copy of the bytes:
	// cutting the subset resets and rebuilds every table it writes, and
	// writes into the bytes it reads.
	utf, _ := fieldOf(def, fpdfUTF8File, reflect.Pointer)
	own := reflect.New(utf.Type().Elem())
	own.Elem().Set(utf.Elem())
	reader, _ := fieldOf(own.Elem(), fpdfReader, reflect.Pointer)
	fr := reflect.New(reader.Type().Elem())
	arr, _ := fieldOf(fr.Elem(), fpdfArray, reflect.Slice)
	arr.Set(reflect.ValueOf(bytes.Clone(pf.bytes[key])))
	reader.Set(fr)
	utf.Set(own)

	m.SetMapIndex(reflect.ValueOf(key), def)
}

// fpdfKey is fpdf's key of a font: the family in lower case and the style
// in upper case, as getFontKey makes it (our families are lower case, our
// styles upper case and in fpdf's order).
func fpdfKey(k fontKey) string { return k.family + k.style }

// fieldOf returns the field name of the struct v, settable even when it is
// unexported, if it has kind.
func fieldOf(v reflect.Value, name string, kind reflect.Kind) (reflect.Value, bool) {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != kind || !f.CanAddr() {
		return reflect.Value{}, false
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}

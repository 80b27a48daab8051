package themes

import (
	"strings"
	"testing"
)

// TestCataloguesComplete keeps every language in step with Swedish: a key in
// one language must be in all. Plural forms (key.one) belong to a language's
// grammar and need only their base key in the others.
func TestCataloguesComplete(t *testing.T) {
	cats, err := LoadCatalogs(FS)
	if err != nil {
		t.Fatal(err)
	}
	sv := cats["sv"]
	for _, lang := range Languages {
		c := cats[lang]
		for _, k := range sv.Keys() {
			if !c.Has(k) && !strings.HasSuffix(k, ".one") {
				t.Errorf("locales/%s lacks %q (Swedish: %q)", lang, k, sv.T(k))
			}
		}
		for _, k := range c.Keys() {
			if strings.HasSuffix(k, ".one") && sv.Has(strings.TrimSuffix(k, ".one")) {
				continue
			}
			if !sv.Has(k) {
				t.Errorf("locales/%s has %q, which Swedish lacks", lang, k)
			}
		}
	}
}

func TestLookupFallsBackToSwedish(t *testing.T) {
	if got := Lookup("xx").Lang; got != "sv" {
		t.Errorf("Lookup(xx) = %s, want sv", got)
	}
	if got := Lookup("en-GB").Lang; got != "en" {
		t.Errorf("Lookup(en-GB) = %s, want en", got)
	}
}

func TestN(t *testing.T) {
	sv, en := Lookup("sv"), Lookup("en")
	for _, tt := range []struct {
		c    *Catalog
		n    int
		want string
	}{
		{sv, 1, "1 varning"}, {sv, 2, "2 varningar"}, {sv, 0, "0 varningar"},
		{en, 1, "1 warning"}, {en, 3, "3 warnings"},
	} {
		if got := tt.c.N("cli.count.warnings", tt.n); got != tt.want {
			t.Errorf("%s N(%d) = %q, want %q", tt.c.Lang, tt.n, got, tt.want)
		}
	}
}

package web

import (
	"bytes"
	"crypto/ed25519"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/catalogue"
	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/runtime"
)

// sharedCatalogue serves the catalogue of another region's signed
// bundles of the demo program, renamed to id, and returns its URL and
// folder.
func sharedCatalogue(t *testing.T, key ed25519.PrivateKey, id string, versions ...string) (string, string, []*bundle.Bundle) {
	t.Helper()
	var entries []catalogue.Entry
	var bs []*bundle.Bundle
	for _, v := range versions {
		b, _ := demoZip(t, v, func(p *designer.Program) { p.ID = id })
		sb, err := sign.Bundle(b, key)
		if err != nil {
			t.Fatal(err)
		}
		z, err := catalogue.Zip(sb)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, catalogue.Entry{Bundle: sb, Zip: z})
		bs = append(bs, sb)
	}
	c, err := catalogue.Make("Region Väst", entries)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := catalogue.WriteDir(dir, "sv", c, entries); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL + "/" + catalogue.File, dir, bs
}

func TestImportFromAnotherRegion(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	fp := sign.Fingerprint(key.Public().(ed25519.PublicKey))
	catURL, dir, bs := sharedCatalogue(t, key, "sov-vast", "1.0", "1.1")
	e := newEnv(t, func(c *Config) {
		c.Trust = runtime.NewTrust(runtime.TrustedPublisher{Name: "Region Väst", Fingerprint: fp, Catalogue: catURL})
	})
	admin := e.signIn("cecilia")
	mustContain(t, admin.get(south+"/programs").Body.String(), `href="`+south+`/programs/shared"`, "Program från andra regioner")
	page := admin.get(south + "/programs/shared").Body.String()
	esc := func(b *bundle.Bundle) string { return strings.ReplaceAll(b.Name, "+", "&#43;") }
	mustContain(t, page, "Region Väst, nyckel "+sign.Short(fp), esc(bs[0]), esc(bs[1]), "Importera")

	w := admin.post(south+"/programs/import", url.Values{"publisher": {fp}, "bundle": {bs[0].Name}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("import = %d:\n%s", w.Code, w.Body)
	}
	programs := admin.follow(south + "/programs").Body.String()
	mustContain(t, programs, "sov-vast", "Från Region Väst · nyckel "+sign.Short(fp)+" · kontrollsumma "+bs[0].Hash[:12])
	if w := admin.post(south+"/programs/sov-vast/activate", url.Values{"bundle": {bs[0].Name}}); w.Code != http.StatusSeeOther {
		t.Fatalf("activate = %d:\n%s", w.Code, w.Body)
	}
	if w := admin.post(south+"/programs/import", url.Values{"publisher": {fp}, "bundle": {bs[0].Name}}); w.Code != http.StatusSeeOther {
		t.Errorf("the same import again = %d", w.Code)
	}

	t.Run("the version line", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/", nil)
		got := e.srv.bundleProvenance(req, e.srv.cat(req), bs[0].Name)
		if want := "Från Region Väst (nyckel " + sign.Short(fp) + "), version 1.0, kontrollsumma " + bs[0].Hash[:12]; got != want {
			t.Errorf("version line %q, want %q", got, want)
		}
	})

	t.Run("a tampered bundle is refused with its reason", func(t *testing.T) {
		z, err := os.ReadFile(filepath.Join(dir, bs[1].Name+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		z[len(z)/2] ^= 0xff
		if err := os.WriteFile(filepath.Join(dir, bs[1].Name+".zip"), z, 0o644); err != nil {
			t.Fatal(err)
		}
		w := admin.post(south+"/programs/import", url.Values{"publisher": {fp}, "bundle": {bs[1].Name}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d:\n%s", w.Code, w.Body)
		}
		mustContain(t, w.Body.String(), "E422-IMPORT", "Importen vägrades", "stämmer inte med sina kontrollsummor")
	})
	t.Run("an untrusted publisher is refused", func(t *testing.T) {
		w := admin.post(south+"/programs/import", url.Values{"publisher": {sign.Fingerprint(make(ed25519.PublicKey, 32))}, "bundle": {bs[1].Name}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d:\n%s", w.Code, w.Body)
		}
		mustContain(t, w.Body.String(), "inte finns bland regionens betrodda utgivare")
	})
	t.Run("a clinician may not", func(t *testing.T) {
		if w := e.signIn("anna").get(south + "/programs/shared"); w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
			t.Errorf("= %d", w.Code)
		}
	})
}

func TestSharedWithoutTrust(t *testing.T) {
	e := newEnv(t)
	admin := e.signIn("cecilia")
	mustNotContain(t, admin.get(south+"/programs").Body.String(), "/programs/shared")
	mustContain(t, admin.get(south+"/programs/shared").Body.String(), "Inga betrodda kataloger")
}

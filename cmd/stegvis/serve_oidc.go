package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web"
	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes"
)

// oidcFlags are one OIDC provider's flags, for citizens or for staff. Each
// flag's default comes from the environment (STEGVIS_OIDC_CITIZEN_ISSUER
// and so on); the client secret comes from the environment only, so it is
// never seen in a process list.
type oidcFlags struct {
	kind                                     auth.Kind
	issuer, clientID, redirect, scopes, name *string
	subjectClaim, nameClaim                  *string
}

func addOIDCFlags(fs *flag.FlagSet, cat *themes.Catalog, kind auth.Kind, subjectClaim, name string) *oidcFlags {
	k := string(kind)
	env := func(suffix, def string) string {
		if v := os.Getenv("STEGVIS_OIDC_" + strings.ToUpper(k) + "_" + suffix); v != "" {
			return v
		}
		return def
	}
	f := func(flagName, suffix, def, help string) *string {
		return fs.String("oidc-"+k+"-"+flagName, env(suffix, def), cat.T(help, k))
	}
	return &oidcFlags{kind: kind,
		issuer:       f("issuer", "ISSUER", "", "cli.serve.flag.oidc_issuer"),
		clientID:     f("client-id", "CLIENT_ID", "", "cli.serve.flag.oidc_client_id"),
		redirect:     f("redirect-url", "REDIRECT_URL", "", "cli.serve.flag.oidc_redirect_url"),
		scopes:       f("scopes", "SCOPES", "profile", "cli.serve.flag.oidc_scopes"),
		subjectClaim: f("subject-claim", "SUBJECT_CLAIM", subjectClaim, "cli.serve.flag.oidc_subject_claim"),
		nameClaim:    f("name-claim", "NAME_CLAIM", "", "cli.serve.flag.oidc_name_claim"),
		name:         f("name", "NAME", name, "cli.serve.flag.oidc_name"),
	}
}

// configured reports whether the provider's issuer was given.
func (o *oidcFlags) configured() bool { return *o.issuer != "" }

// provider reads the provider's discovery document and returns the way in.
func (o *oidcFlags) provider(ctx context.Context, store runtime.Store) (auth.Way, error) {
	k := strings.ToUpper(string(o.kind))
	secret := os.Getenv("STEGVIS_OIDC_" + k + "_CLIENT_SECRET")
	scopes := strings.FieldsFunc(*o.scopes, func(r rune) bool { return r == ',' || r == ' ' })
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	p, err := auth.NewOIDC(ctx, auth.OIDCConfig{Kind: o.kind, Name: *o.name, Issuer: *o.issuer,
		ClientID: *o.clientID, ClientSecret: secret, RedirectURL: *o.redirect, Scopes: scopes,
		SubjectClaim: *o.subjectClaim, NameClaim: *o.nameClaim, Lookup: web.DirectoryLookup(store)})
	if err != nil {
		return auth.Way{}, err
	}
	return auth.Way{Via: string(o.kind), Kind: o.kind, Provider: p}, nil
}

// oidcIdentity is the sign-in of a server without --dev: the configured
// providers, citizens' first.
func oidcIdentity(ctx context.Context, store runtime.Store, cat *themes.Catalog, flags ...*oidcFlags) (auth.IdentityProvider, error) {
	var ways auth.Ways
	for _, f := range flags {
		if !f.configured() {
			continue
		}
		w, err := f.provider(ctx, store)
		if err != nil {
			return nil, fmt.Errorf("sign-in: %w", err)
		}
		ways = append(ways, w)
	}
	if len(ways) == 0 {
		return nil, errors.New(cat.T("cli.serve.no_oidc"))
	}
	return ways, nil
}

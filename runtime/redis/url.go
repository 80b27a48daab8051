package redis

import (
	"fmt"
	"net/url"
	"strings"

	goredis "github.com/redis/go-redis/v9"
)

// NewClient opens a client from a URL of one of the forms in the package
// documentation. It does not connect; the first command does.
func NewClient(rawURL string) (goredis.UniversalClient, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return nil, fmt.Errorf("redis url %q: no scheme", Redact(rawURL))
	}
	switch scheme {
	case "redis", "rediss", "unix":
		opt, err := goredis.ParseURL(rawURL)
		if err != nil {
			return nil, fmt.Errorf("redis url %q: %w", Redact(rawURL), err)
		}
		bound(&opt.ContextTimeoutEnabled, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout)
		return goredis.NewClient(opt), nil
	case "redis-sentinel", "rediss-sentinel":
		u, err := multiHost(strings.TrimSuffix(scheme, "-sentinel"), rest)
		if err != nil {
			return nil, fmt.Errorf("redis url %q: %w", Redact(rawURL), err)
		}
		opt, err := goredis.ParseFailoverURL(u)
		if err != nil {
			return nil, fmt.Errorf("redis url %q: %w", Redact(rawURL), err)
		}
		if opt.MasterName == "" {
			return nil, fmt.Errorf("redis url %q: sentinel needs ?master_name=NAME", Redact(rawURL))
		}
		bound(&opt.ContextTimeoutEnabled, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout)
		return goredis.NewFailoverClient(opt), nil
	case "redis-cluster", "rediss-cluster":
		u, err := multiHost(strings.TrimSuffix(scheme, "-cluster"), rest)
		if err != nil {
			return nil, fmt.Errorf("redis url %q: %w", Redact(rawURL), err)
		}
		opt, err := goredis.ParseClusterURL(u)
		if err != nil {
			return nil, fmt.Errorf("redis url %q: %w", Redact(rawURL), err)
		}
		bound(&opt.ContextTimeoutEnabled, &opt.DialTimeout, &opt.ReadTimeout, &opt.WriteTimeout)
		return goredis.NewClusterClient(opt), nil
	}
	return nil, fmt.Errorf("redis url %q: unknown scheme %q; want redis, rediss, redis-sentinel or redis-cluster", Redact(rawURL), scheme)
}

// multiHost turns "user:pw@h1:1,h2:2/0?x=y" into the form go-redis parses
// for Sentinel and Cluster: the first host in the URL, the others as addr
// parameters.
func multiHost(scheme, rest string) (string, error) {
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	userinfo := ""
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		userinfo, authority = authority[:i+1], authority[i+1:]
	}
	hosts := strings.Split(authority, ",")
	for _, h := range hosts {
		if h == "" {
			return "", fmt.Errorf("empty host in %q", authority)
		}
	}
	path, query, _ := strings.Cut(tail, "?")
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", err
	}
	for _, h := range hosts[1:] {
		q.Add("addr", h)
	}
	u := scheme + "://" + userinfo + hosts[0] + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u, nil
}

// Redact hides the passwords in a store URL, so that it can go into a
// log or an error message: the one in the authority and every parameter
// whose name ends in "password" (password, sentinel_password), whatever
// its case or escaping. A string that is not a URL, such as the embedded
// store's file path, comes back unchanged.
func Redact(rawURL string) string {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return rawURL
	}
	base, query, hasQuery := strings.Cut(rest, "?")
	// The userinfo runs to the last "@" before the query rather than in
	// the authority only: a password with an unescaped "/" would
	// otherwise end the authority early and be shown.
	if at := strings.LastIndex(base, "@"); at >= 0 {
		if user, _, hasPw := strings.Cut(base[:at], ":"); hasPw {
			base = user + ":xxxxx" + base[at:]
		}
	}
	if !hasQuery {
		return scheme + "://" + base
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		k, _, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if strings.HasSuffix(strings.ToLower(name), "password") {
			params[i] = k + "=xxxxx"
		}
	}
	return scheme + "://" + base + "?" + strings.Join(params, "&")
}

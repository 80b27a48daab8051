// Command stegvis is the one binary of stegvis: it validates, builds,
// previews, prints and diffs programs for designers, and serves them to
// citizens and clinicians.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/themes"
)

// version is set at link time: -ldflags "-X main.version=…".
var version = "dev"

// command is one subcommand. Each lives in its own file and adds itself
// with register from an init function.
//
// The texts of a command come from the catalogue where it has them:
// cli.<name>.summary (one line for the command list), cli.<name>.usage
// (the arguments) and cli.<name>.about (what --help says). usage and
// summary are the English fallback for a command whose texts are not
// there.
type command struct {
	name    string
	usage   string // the arguments, e.g. "DIR -o OUT"
	summary string // one line for the command list
	run     func(args []string, stdout, stderr io.Writer) error
}

// text returns the command's text of the given part (summary, usage or
// about) in the language of cat, falling back to fallback.
func (c command) text(cat *themes.Catalog, part, fallback string) string {
	if k := "cli." + c.name + "." + part; cat.Has(k) {
		return cat.T(k)
	}
	return fallback
}

var commands []command

func register(c command) { commands = append(commands, c) }

// errUsage means the arguments were wrong; the usage has been printed.
var errUsage = errors.New("usage")

// exitError carries a non-zero exit code without printing anything more.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	slices.SortFunc(commands, func(a, b command) int { return strings.Compare(a.name, b.name) })
	cat := themes.Lookup(langArg(args, envLang()))
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout, cat)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "stegvis", version)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		var code exitError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		case errors.As(err, &code):
			return int(code)
		default:
			fmt.Fprintf(stderr, "stegvis %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintln(stderr, cat.T("cli.unknown_command", args[0]))
	return 2
}

// printUsage lists the commands in the language of cat.
func printUsage(w io.Writer, cat *themes.Catalog) {
	fmt.Fprintln(w, cat.T("cli.help.intro", version))
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.text(cat, "summary", c.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, cat.T("cli.help.more"))
}

// envLang is the language of the command line's texts when --lang does not
// say: English when $LC_ALL, or else $LANG, starts with "en"; Swedish
// otherwise.
func envLang() string {
	for _, v := range []string{"LC_ALL", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(s, "en") {
				return "en"
			}
			return "sv"
		}
	}
	return "sv"
}

// langArg returns the language that args ask for with --lang (or -lang),
// or def. It looks before the flags are parsed, as the flags' own
// descriptions are in that language; the flag set checks the value.
func langArg(args []string, def string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				break
			}
			val = args[i+1]
		}
		if slices.Contains(themes.Languages, val) {
			return val
		}
	}
	return def
}

// designerFlags returns the flag set of a designer command with its texts
// in the language args ask for, or the environment gives, and with the
// --lang flag that chooses it. lang is set when the flags are parsed; check
// it with checkLang.
func designerFlags(c command, args []string, stderr io.Writer) (fs *flag.FlagSet, cat *themes.Catalog, lang *string) {
	return commandFlags(c, args, stderr, "cli.flag.lang")
}

// commandFlags is designerFlags with langKey as the description of --lang,
// for commands whose --lang also sets the language of what they serve.
func commandFlags(c command, args []string, stderr io.Writer, langKey string) (fs *flag.FlagSet, cat *themes.Catalog, lang *string) {
	def := envLang()
	cat = themes.Lookup(langArg(args, def))
	fs = flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, cat.T("cli.usage", c.name, c.text(cat, "usage", c.usage)))
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, c.text(cat, "about", c.summary))
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, cat.T("cli.flags"))
		printFlags(stderr, fs, cat)
	}
	lang = fs.String("lang", def, cat.T(langKey))
	return fs, cat, lang
}

// parseLang parses args as parseFlags does and then checks the --lang
// they chose.
func parseLang(fs *flag.FlagSet, args []string, cat *themes.Catalog, lang *string, stderr io.Writer) ([]string, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	if err := checkLang(fs, cat, *lang, stderr); err != nil {
		return nil, err
	}
	return pos, nil
}

// checkLang checks the value of --lang after parsing.
func checkLang(fs *flag.FlagSet, cat *themes.Catalog, lang string, stderr io.Writer) error {
	if slices.Contains(themes.Languages, lang) {
		return nil
	}
	fmt.Fprintln(stderr, cat.T("cli.lang.unknown", lang, strings.Join(themes.Languages, ", ")))
	fs.Usage()
	return errUsage
}

// printFlags is flag.PrintDefaults with its words from the catalogue.
func printFlags(w io.Writer, fs *flag.FlagSet, cat *themes.Catalog) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if name != "" {
			line += " " + cat.T("cli.flag.type."+name)
		}
		fmt.Fprintln(w, line)
		usage = strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "false" {
			usage += " " + cat.T("cli.flag.default", f.DefValue)
		}
		fmt.Fprintf(w, "    \t%s\n", usage)
	})
}

// parseFlags parses args, allowing flags after positional arguments
// ("stegvis build content -o out"), and maps a bad flag to errUsage.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// Command stegvis is the one binary of stegvis: it validates, builds,
// previews, prints and diffs programs for designers, and serves them to
// citizens and clinicians.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"

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

func init() {
	register(command{
		name:    "version",
		summary: "print the version of stegvis",
		run: func(args []string, stdout, stderr io.Writer) error {
			fmt.Fprintln(stdout, "stegvis", version)
			return nil
		},
	})
}

func run(args []string, stdout, stderr io.Writer) int {
	slices.SortFunc(commands, func(a, b command) int { return strings.Compare(a.name, b.name) })
	lang, args, err := globalFlags(args, stderr)
	if err != nil {
		return 2
	}
	if lang == "" {
		lang = langArg(args, envLang())
	} else if len(args) > 0 {
		// The command's own --lang, after this one, wins.
		args = append(args[:1:1], append([]string{"--lang", lang}, args[1:]...)...)
	}
	cat := themes.Lookup(lang)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		return help(args, lang, cat, stdout, stderr)
	}
	if args[0] == "--version" {
		args[0] = "version"
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintln(stderr, cat.T("cli.unknown_command", args[0]))
		return 2
	}
	err = c.run(args[1:], stdout, stderr)
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
		fmt.Fprintf(stderr, "stegvis %s: %s\n", c.name, localError(cat, err))
		return 1
	}
}

// lookup returns the command of the given name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// globalFlags takes the flags before the command off args: --lang, which
// then holds for the command too. It returns lang empty when none is given,
// and errUsage, said on stderr, for a flag it does not know.
func globalFlags(args []string, stderr io.Writer) (lang string, rest []string, err error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		a := args[0]
		if a == "-h" || a == "--help" || a == "--version" {
			break
		}
		if a == "--" {
			args = args[1:]
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		cat := themes.Lookup(langArg(args, envLang()))
		if name != "lang" {
			flagName, _, _ := strings.Cut(a, "=")
			fmt.Fprintln(stderr, "stegvis: "+cat.T("cli.flag.unknown_global", flagName))
			return "", nil, errUsage
		}
		args = args[1:]
		if !hasVal {
			if len(args) == 0 {
				fmt.Fprintln(stderr, "stegvis: "+cat.T("cli.flag.no_value", "lang"))
				return "", nil, errUsage
			}
			val, args = args[0], args[1:]
		}
		if !slices.Contains(themes.Languages, val) {
			fmt.Fprintln(stderr, "stegvis: "+cat.T("cli.lang.unknown", val, strings.Join(themes.Languages, ", ")))
			return "", nil, errUsage
		}
		lang = val
	}
	return lang, args, nil
}

// help prints the list of commands, or with "help COMMAND" that command's
// help, on stdout.
func help(args []string, lang string, cat *themes.Catalog, stdout, stderr io.Writer) int {
	var topic []string
	for _, a := range args[min(1, len(args)):] {
		if !strings.HasPrefix(a, "-") && !slices.Contains(themes.Languages, a) {
			topic = append(topic, a)
		}
	}
	if len(args) > 0 && args[0] == "help" && len(topic) > 0 && topic[0] != "help" {
		c, ok := lookup(topic[0])
		if !ok {
			fmt.Fprintln(stderr, cat.T("cli.unknown_command", topic[0]))
			return 2
		}
		if c.name == "version" {
			fmt.Fprintln(stdout, c.text(cat, "summary", c.summary))
			return 0
		}
		c.run([]string{"--lang", lang, "--help"}, stdout, stdout)
		return 0
	}
	printUsage(stdout, cat)
	if len(args) == 0 {
		return 2
	}
	return 0
}

// printUsage lists the commands in the language of cat.
func printUsage(w io.Writer, cat *themes.Catalog) {
	fmt.Fprintln(w, cat.T("cli.help.intro", version))
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.text(cat, "summary", c.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, cat.T("cli.help.more"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, cat.T("cli.help.lang"))
}

// localError is err with what the operating system said (a file that is
// missing, a folder that cannot be written) in the language of cat. The
// rest is already in that language, or the context the code wrapped it in.
func localError(cat *themes.Catalog, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return strings.Replace(err.Error(), pe.Error(), cat.T("cli.os.path", pe.Path, osReason(cat, pe.Err)), 1)
	}
	return err.Error()
}

// osReasons are the catalogue keys of the operating system's errors that
// people meet running stegvis.
var osReasons = []struct {
	err error
	key string
}{
	{fs.ErrNotExist, "cli.os.not_exist"},
	{fs.ErrPermission, "cli.os.permission"},
	{fs.ErrExist, "cli.os.exist"},
	{syscall.ENOTDIR, "cli.os.not_dir"},
	{syscall.EISDIR, "cli.os.is_dir"},
	{syscall.ENOSPC, "cli.os.no_space"},
	{syscall.EROFS, "cli.os.read_only"},
	{syscall.EADDRINUSE, "cli.os.addr_in_use"},
}

// osReason is the operating system's error err in the language of cat,
// or as the system says it when the catalogue does not have it.
func osReason(cat *themes.Catalog, err error) string {
	for _, r := range osReasons {
		if errors.Is(err, r.err) {
			return cat.T(r.key)
		}
	}
	return err.Error()
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
// the last one as the flag set takes the last, or def. It looks before the
// flags are parsed, as the flags' own descriptions are in that language;
// the flag set checks the value.
func langArg(args []string, def string) string {
	lang := def
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
			lang = val
		}
	}
	return lang
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
	pos, err := parseFlags(fs, args, cat)
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
// ("stegvis build content -o out"), and maps a bad flag to errUsage after
// saying what is wrong in the language of cat, then the usage.
func parseFlags(fs *flag.FlagSet, args []string, cat *themes.Catalog) ([]string, error) {
	// The flag package's own message is in English: it is kept quiet and
	// said again from the catalogue.
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				usage()
				return nil, err
			}
			fmt.Fprintf(out, "stegvis %s: %s\n\n", fs.Name(), flagError(cat, err))
			usage()
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

// flagErrors match the errors of the flag package, each to its catalogue key.
var flagErrors = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^flag provided but not defined: (-.+)$`), "cli.flag.unknown"},
	{regexp.MustCompile(`^flag needs an argument: -(.+)$`), "cli.flag.no_value"},
	{regexp.MustCompile(`^invalid boolean value (".*") for -([^:]+):`), "cli.flag.bad_bool"},
	{regexp.MustCompile(`^invalid value (".*") for flag -([^:]+):`), "cli.flag.bad_value"},
	{regexp.MustCompile(`^bad flag syntax: (.+)$`), "cli.flag.bad_syntax"},
}

// flagError is an error of the flag package in the language of cat.
func flagError(cat *themes.Catalog, err error) string {
	for _, f := range flagErrors {
		if m := f.re.FindStringSubmatch(err.Error()); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				if uq, err := strconv.Unquote(a); err == nil {
					a = uq
				}
				args[i] = a
			}
			return cat.T(f.key, args...)
		}
	}
	return err.Error()
}

// usageError says in the language of cat what is wrong with the
// arguments, then prints the usage.
func usageError(fs *flag.FlagSet, cat *themes.Catalog, key string, args ...any) error {
	fmt.Fprintf(fs.Output(), "stegvis %s: %s\n\n", fs.Name(), cat.T(key, args...))
	fs.Usage()
	return errUsage
}

// oneDir checks that pos is one folder, saying what is wrong otherwise.
func oneDir(fs *flag.FlagSet, cat *themes.Catalog, pos []string) error {
	switch {
	case len(pos) == 0:
		return usageError(fs, cat, "cli.args.no_dir")
	case len(pos) > 1:
		return usageError(fs, cat, "cli.args.too_many", strings.Join(pos[1:], " "))
	}
	return nil
}

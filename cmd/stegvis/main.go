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
)

// version is set at link time: -ldflags "-X main.version=…".
var version = "dev"

// command is one subcommand. Each lives in its own file and adds itself
// with register from an init function.
type command struct {
	name    string
	usage   string // the arguments, e.g. "DIR -o OUT"
	summary string // one line for the command list
	run     func(args []string, stdout, stderr io.Writer) error
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
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
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
	fmt.Fprintf(stderr, "stegvis: unknown command %q; run 'stegvis help' for the list\n", args[0])
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "stegvis %s: author, build and serve internet-delivered support and treatment programs.\n\nUsage:\n  stegvis COMMAND [ARGUMENTS]\n\nCommands:\n", version)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'stegvis COMMAND --help' for the arguments of a command.\n")
}

// newFlags returns a flag set whose --help prints the command's usage,
// summary and flags.
func newFlags(c command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: stegvis %s %s\n\n%s\n", c.name, c.usage, c.summary)
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintf(stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
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

// Package decode turns YAML into the content model, keeping the position of
// every value so that later stages can point at what the designer wrote.
//
// Unlike yaml.Unmarshal it reports every problem in one pass: syntax errors,
// unknown keys (with the nearest known key as a suggestion), duplicate keys
// and values of the wrong kind. Struct fields are matched by their yaml tag;
// an embedded designer.Origin receives the position of the value and of each
// key. Fields tagged yaml:"-" cannot be written.
package decode

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/stegvis/stegvis/designer"
)

// File parses data as one YAML document and decodes it into v, a pointer to
// a struct. file names the source in diagnostics; lineOffset is added to
// every line (for front matter that starts below the top of its file). It
// reports whether the YAML could be parsed at all.
func File(file string, data []byte, lineOffset int, v any, ds *designer.Diagnostics) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos := syntaxPos(data, err)
		pos.File = file
		if col := tabCol(data, pos.Line); col > 0 {
			// The parser says "found character that cannot start any
			// token" of a tab that starts a line: name it.
			pos.Col = col
			pos.Line += lineOffset
			ds.Errorf(pos, TabError)
			return false
		}
		if pos.Line > 0 {
			pos.Line += lineOffset
		}
		ds.Errorf(pos, SyntaxError, syntaxProblem(syntaxMessage(err)))
		return false
	}
	if len(doc.Content) == 0 {
		// An empty document decodes to the zero value, like an empty mapping.
		return true
	}
	d := decoder{file: file, offset: lineOffset, ds: ds}
	d.value(doc.Content[0], reflect.ValueOf(v).Elem(), "")
	return true
}

var lineRE = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// syntaxPos finds where in data the syntax error err is. The parser's own
// line is not to be trusted (it counts from 0 or from 1, and names where
// the enclosing block began rather than the line that broke it) and it
// gives no column, so syntaxPos looks for the first line at which the
// document, cut off there, fails in the same way, and then for the column
// of what the message is about on that line.
func syntaxPos(data []byte, err error) designer.Pos {
	lines := strings.SplitAfter(string(data), "\n")
	msg := syntaxMessage(err)
	var doc yaml.Node
	prefix := 0
	for i, l := range lines {
		prefix += len(l)
		perr := yaml.Unmarshal(data[:prefix], &doc)
		if perr != nil && syntaxMessage(perr) == msg {
			return designer.Pos{Line: i + 1, Col: syntaxCol(strings.TrimRight(l, "\r\n"), msg)}
		}
	}
	// Not found by cutting: fall back on the parser's line.
	var p designer.Pos
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		if strings.Contains(err.Error(), "did not find expected") {
			p.Line++
		}
		if p.Line > len(lines) {
			p.Line = len(lines)
		}
	}
	return p
}

// syntaxCol is the 1-based column, counted in characters, of what the
// parser's message msg is about on line: an unclosed bracket or quote, a
// second colon, a tab; otherwise the line's first character, as for a key
// indented wrongly.
func syntaxCol(line, msg string) int {
	at := -1
	switch {
	case strings.Contains(msg, "',' or ']'"), strings.Contains(msg, "',' or '}'"):
		at = unclosed(line).bracket
	case strings.Contains(msg, "end of stream"):
		at = unclosed(line).quote
	case strings.Contains(msg, "mapping values are not allowed"):
		// A second colon on the line is the one to quote; with one, the
		// key is indented wrongly.
		if colons := unclosed(line).colons; len(colons) > 1 {
			at = colons[1]
		}
	case strings.Contains(msg, "tab character"):
		at = strings.IndexByte(line, '\t')
	case strings.Contains(msg, "unknown anchor"):
		at = strings.IndexByte(line, '*')
	}
	if at < 0 {
		at = len(line) - len(strings.TrimLeft(line, " \t"))
	}
	return utf8.RuneCountInString(line[:at]) + 1
}

// scan is what unclosed found on a line: the byte offsets of the last
// flow bracket and of the quote left open at its end (-1 when none), and
// of each colon that ends a key.
type scan struct {
	bracket, quote int
	colons         []int
}

// unclosed reads one line of YAML as far as it can be read alone: quotes,
// flow brackets, comments and key colons.
func unclosed(line string) scan {
	s := scan{bracket: -1, quote: -1}
	var open []int
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case s.quote >= 0:
			if c == line[s.quote] {
				if c == '\'' && i+1 < len(line) && line[i+1] == '\'' {
					i++ // '' is a quote inside single quotes
					continue
				}
				s.quote = -1
			} else if c == '\\' && line[s.quote] == '"' {
				i++
			}
		case c == '#' && (i == 0 || line[i-1] == ' '):
			i = len(line)
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" [{,:-", line[i-1]) >= 0):
			s.quote = i
		case c == '[' || c == '{':
			open = append(open, i)
		case (c == ']' || c == '}') && len(open) > 0:
			open = open[:len(open)-1]
		case c == ':' && (i+1 == len(line) || line[i+1] == ' '):
			s.colons = append(s.colons, i)
		}
	}
	if len(open) > 0 {
		s.bracket = open[len(open)-1]
	}
	return s
}

// tabCol is the 1-based column of the first tab in the indentation of line
// n (1-based) of data, or 0 when the line is not indented with a tab.
func tabCol(data []byte, n int) int {
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		return 0
	}
	line := lines[n-1]
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t-"))]
	i := strings.IndexByte(indent, '\t')
	if i < 0 {
		return 0
	}
	return utf8.RuneCountInString(line[:i]) + 1
}

// TabError is the key of the diagnostic for a tab in the indentation, which
// YAML does not allow.
const TabError = "designer.decode.tab"

// SyntaxError is the key of the diagnostic for YAML that cannot be parsed.
const SyntaxError = "designer.decode.syntax"

// Unreadable reports whether d says that a file could not be read as a
// whole: its YAML does not parse, or it is not a mapping of keys. What the
// rules would say about such a file follows from that, and is not news.
func Unreadable(d designer.Diagnostic) bool {
	switch d.Key {
	case SyntaxError, TabError:
		return true
	case "designer.decode.want_mapping":
		p, ok := d.Args[0].(designer.Phrase)
		return ok && p.Key == theFile
	}
	return false
}

// theFile is the phrase that names a whole file in messages.
const theFile = "designer.decode.the_file"

// syntaxMessage is what the YAML parser said, without its position.
func syntaxMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = lineRE.ReplaceAllString(msg, "")
	return strings.TrimLeft(msg, ": ")
}

// syntaxProblems are the catalogue texts of what the YAML parser says about
// the mistakes people make most, by a part of its message.
var syntaxProblems = []struct{ says, key string }{
	{"',' or ']'", "designer.decode.yaml.unclosed_list"},
	{"',' or '}'", "designer.decode.yaml.unclosed_mapping"},
	{"end of stream", "designer.decode.yaml.unclosed_quote"},
	{"mapping values are not allowed", "designer.decode.yaml.colon"},
	{"tab character", "designer.decode.yaml.tab"},
	{"did not find expected key", "designer.decode.yaml.indent"},
	{"did not find expected '-' indicator", "designer.decode.yaml.list_indent"},
	{"could not find expected ':'", "designer.decode.yaml.no_colon"},
	{"block sequence entries are not allowed", "designer.decode.yaml.list_in_value"},
}

// syntaxProblem is the parser's message msg as a catalogue text, or as the
// parser said it (in English) when the catalogue does not have it.
func syntaxProblem(msg string) any {
	for _, p := range syntaxProblems {
		if strings.Contains(msg, p.says) {
			return designer.Phrase{Key: p.key}
		}
	}
	return msg
}

type decoder struct {
	file   string
	offset int
	ds     *designer.Diagnostics
}

func (d *decoder) pos(n *yaml.Node) designer.Pos {
	return designer.Pos{File: d.file, Line: n.Line + d.offset, Col: n.Column}
}

var (
	originType = reflect.TypeOf(designer.Origin{})
	stringType = reflect.TypeOf("")
)

// value decodes n into v. what names the value for messages, e.g. "title".
func (d *decoder) value(n *yaml.Node, v reflect.Value, what string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the default in place
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), what)
	case reflect.Struct:
		d.structValue(n, v, what)
	case reflect.Slice:
		d.sliceValue(n, v, what)
	case reflect.Map:
		d.mapValue(n, v, what)
	case reflect.String:
		if s, ok := d.scalar(n, what, "text"); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		if s, ok := d.scalar(n, what, "bool"); ok {
			switch strings.ToLower(s) {
			case "true", "yes", "ja":
				v.SetBool(true)
			case "false", "no", "nej":
				v.SetBool(false)
			default:
				d.ds.Errorf(d.pos(n), "designer.decode.not_bool", what, s)
			}
		}
	case reflect.Int, reflect.Int64:
		if s, ok := d.scalar(n, what, "int"); ok {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				d.ds.Errorf(d.pos(n), "designer.decode.not_int", what, s)
				return
			}
			v.SetInt(i)
		}
	case reflect.Float64:
		if s, ok := d.scalar(n, what, "number"); ok {
			f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
			if err != nil {
				d.ds.Errorf(d.pos(n), "designer.decode.not_number", what, s)
				return
			}
			v.SetFloat(f)
		}
	default:
		panic(fmt.Sprintf("decode: unsupported field type %s", v.Type()))
	}
}

func (d *decoder) scalar(n *yaml.Node, what, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.ds.Errorf(d.pos(n), "designer.decode.want", what, designer.Phrase{Key: "designer.decode.want." + want}, kindName(n))
		return "", false
	}
	return n.Value, true
}

func kindName(n *yaml.Node) designer.Phrase {
	switch n.Kind {
	case yaml.MappingNode:
		return designer.Phrase{Key: "designer.decode.found.mapping"}
	case yaml.SequenceNode:
		return designer.Phrase{Key: "designer.decode.found.list"}
	default:
		return designer.Phrase{Key: "designer.decode.found.value"}
	}
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, what string) {
	t := v.Type()
	var origin *designer.Origin
	fields := make(map[string]int)
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == originType {
			origin = v.Field(i).Addr().Interface().(*designer.Origin)
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		fields[tag] = i
		names = append(names, tag)
	}
	if origin != nil {
		origin.Pos = d.pos(n)
	}
	if n.Kind != yaml.MappingNode {
		d.ds.Errorf(d.pos(n), "designer.decode.want_mapping", orTop(what), kindName(n))
		return
	}
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		idx, ok := fields[key]
		if !ok {
			d.unknownKey(k, key, what, names)
			continue
		}
		if seen[key] {
			d.ds.Errorf(d.pos(k), "designer.decode.key_twice", key)
			continue
		}
		seen[key] = true
		if origin != nil {
			if origin.Keys == nil {
				origin.Keys = make(map[string]designer.Pos)
			}
			origin.Keys[key] = d.pos(val)
			d.plain(origin, key, val)
		}
		d.value(val, v.Field(idx), key)
		if origin != nil && v.Field(idx).Kind() == reflect.Map {
			// Entries of a map keep their positions as "key.entry".
			for j := 0; val.Kind == yaml.MappingNode && j+1 < len(val.Content); j += 2 {
				entry := key + "." + val.Content[j].Value
				origin.Keys[entry] = d.pos(val.Content[j])
				origin.Keys[entry+designer.ValueSuffix] = d.pos(val.Content[j+1])
				d.plain(origin, entry, val.Content[j+1])
			}
		}
		if origin != nil && val.Kind == yaml.SequenceNode {
			// Items of a list keep their positions as "key[i]".
			for j, item := range val.Content {
				origin.Keys[key+"["+strconv.Itoa(j)+"]"] = d.pos(item)
			}
		}
	}
}

// numberLike is a plain scalar that a YAML reader may take for a number:
// 1.10, 09:00 (sexagesimal in YAML 1.1), -3, 1e3.
var numberLike = regexp.MustCompile(`^[-+]?[0-9][0-9_:.eE+-]*$`)

// plain records in origin that the value of key was written without quotes
// and looks like a number, for the values that must be quoted.
func (d *decoder) plain(origin *designer.Origin, key string, n *yaml.Node) {
	if n.Kind != yaml.ScalarNode || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || !numberLike.MatchString(n.Value) {
		return
	}
	if origin.Plain == nil {
		origin.Plain = make(map[string]bool)
	}
	origin.Plain[key] = true
}

// unknownKey reports a key the struct does not have, suggesting the
// nearest it does, or listing them all.
func (d *decoder) unknownKey(k *yaml.Node, key, what string, names []string) {
	near := Nearest(key, names)
	switch {
	case what == "" && near != "":
		d.ds.Errorf(d.pos(k), "designer.decode.unknown_key_near", key, near)
	case what == "":
		d.ds.Errorf(d.pos(k), "designer.decode.unknown_key", key, strings.Join(names, ", "))
	case near != "":
		d.ds.Errorf(d.pos(k), "designer.decode.unknown_key_in_near", key, what, near)
	default:
		d.ds.Errorf(d.pos(k), "designer.decode.unknown_key_in", key, what, strings.Join(names, ", "))
	}
}

// orTop names the value for messages: its key, or the whole file.
func orTop(what string) any {
	if what == "" {
		return designer.Phrase{Key: theFile}
	}
	return what
}

func (d *decoder) sliceValue(n *yaml.Node, v reflect.Value, what string) {
	if n.Kind == yaml.ScalarNode && v.Type().Elem() == stringType {
		// A single value where a list of text is wanted is a list of one.
		v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.ValueOf(n.Value)))
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.ds.Errorf(d.pos(n), "designer.decode.want_list", orTop(what), kindName(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.value(item, s.Index(i), what)
	}
	v.Set(s)
}

func (d *decoder) mapValue(n *yaml.Node, v reflect.Value, what string) {
	if n.Kind != yaml.MappingNode {
		d.ds.Errorf(d.pos(n), "designer.decode.want_mapping", orTop(what), kindName(n))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	seen := make(map[string]bool)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			d.ds.Errorf(d.pos(k), "designer.decode.key_twice", k.Value)
			continue
		}
		seen[k.Value] = true
		elem := reflect.New(v.Type().Elem()).Elem()
		d.value(val, elem, k.Value)
		v.SetMapIndex(reflect.ValueOf(k.Value), elem)
	}
}

// Nearest returns the candidate closest to word, if one is close enough to
// be a likely typo, or "".
func Nearest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+1
	if bestDist > 3 {
		bestDist = 3
	}
	for _, c := range candidates {
		dist := levenshtein(strings.ToLower(word), strings.ToLower(c))
		if dist < bestDist || (dist <= bestDist && best == "" && (strings.HasPrefix(c, word) || strings.HasPrefix(word, c))) {
			best, bestDist = c, dist
		}
	}
	return best
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

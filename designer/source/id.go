package source

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// folds are the letters Swedish (and its neighbours) write that an id
// spells without their marks.
var folds = map[rune]string{
	'å': "a", 'ä': "a", 'à': "a", 'á': "a", 'â': "a", 'æ': "ae",
	'ö': "o", 'ø': "o", 'ò': "o", 'ó': "o", 'ô': "o",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'ü': "u", 'ú': "u", 'ù': "u", 'û': "u",
	'í': "i", 'ì': "i", 'ï': "i", 'î': "i",
	'ç': "c", 'ñ': "n", 'ß': "ss", 'ý': "y",
	' ': "-", '_': "-",
}

// FoldID returns id written with only the characters an id may have: lower
// case, å, ä and ö as a and o, spaces and underscores as hyphens, anything
// else left out. ok is false when nothing usable remains.
func FoldID(id string) (folded string, ok bool) {
	var b strings.Builder
	for _, r := range id {
		r = unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf && (r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case folds[r] != "":
			b.WriteString(folds[r])
		}
	}
	folded = strings.Trim(b.String(), "-")
	return folded, IDPattern.MatchString(folded)
}

// BadChar returns the first character of id that an id may not hold, and
// false when there is none.
func BadChar(id string) (rune, bool) {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return r, true
		}
	}
	return 0, false
}

var looseRE = regexp.MustCompile(`^([0-9]{2,})-(.+)$`)

// Misnamed reads a folder or file base name that is numbered, as
// "02-sömnvanor", but whose id has characters an id may not hold. It
// returns the id as written, the first such character and the name as it
// should be ("02-somnvanor"); ok is false when name is not of that kind.
func Misnamed(name string) (id string, char rune, fixed string, ok bool) {
	m := looseRE.FindStringSubmatch(name)
	if m == nil {
		return "", 0, "", false
	}
	char, bad := BadChar(m[2])
	folded, foldable := FoldID(m[2])
	if !bad || !foldable {
		return "", 0, "", false
	}
	return m[2], char, m[1] + "-" + folded, true
}

// Package lix measures how easy a Swedish text is to read with LIX
// ("läsbarhetsindex", Björnsson 1968): the mean sentence length in words plus
// the percentage of long words (more than six letters).
//
// Rough guide: under 30 very easy (children's books), 30–40 easy (fiction,
// popular press), 40–50 medium (daily newspapers), 50–60 hard (official
// text), over 60 very hard (academic text).
package lix

import (
	"unicode"
	"unicode/utf8"
)

// Counts is what LIX is computed from.
type Counts struct {
	Words     int
	LongWords int // more than six letters
	Sentences int
}

// Add counts text as one block: a heading, a paragraph or a list item. A
// block always ends a sentence, even without a full stop.
func (c *Counts) Add(text string) {
	inWord, letters, words := false, 0, 0
	open := false // a sentence has words not yet ended
	endWord := func() {
		if inWord {
			words++
			c.Words++
			if letters > 6 {
				c.LongWords++
			}
			open = true
		}
		inWord, letters = false, 0
	}
	for len(text) > 0 {
		r, size := utf8.DecodeRuneInString(text)
		text = text[size:]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			inWord = true
			if unicode.IsLetter(r) {
				letters++
			}
		case r == '-' || r == '\'' || r == '’':
			// inside a word: "KBT-behandling", "it's"
		default:
			endWord()
			if (r == '.' || r == '!' || r == '?' || r == ':') && open {
				c.Sentences++
				open = false
			}
		}
	}
	endWord()
	if open {
		c.Sentences++
	}
}

// Index returns the LIX of the counted text, 0 for no words.
func (c Counts) Index() float64 {
	if c.Words == 0 || c.Sentences == 0 {
		return 0
	}
	return float64(c.Words)/float64(c.Sentences) + 100*float64(c.LongWords)/float64(c.Words)
}

// Of returns the LIX of one block of text.
func Of(text string) float64 {
	var c Counts
	c.Add(text)
	return c.Index()
}

package web

import (
	"encoding/json"
	"unicode/utf8"
)

// decodeSession decodes a stored session exactly as json.Unmarshal does.
// Every request reads its session, and json.Marshal writes one as a flat
// object of plain strings and two times (a flash aside), which
// decodeFlatSession reads without reflection and with one allocation for
// all its strings; anything else it leaves to json.Unmarshal, so the
// stored format stays JSON, read and written by every version.
func decodeSession(b []byte, ss *session) error {
	if decodeFlatSession(b, ss) {
		return nil
	}
	*ss = session{}
	return json.Unmarshal(b, ss)
}

// decodeFlatSession decodes b into ss and reports true when b is an
// object, without white space, whose keys are the exact names of the
// session's string and time fields and whose values are strings that need
// no unescaping; otherwise it reports false, having perhaps set some of
// ss's fields.
func decodeFlatSession(b []byte, ss *session) bool {
	s := string(b) // the fields share this one copy
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return false
	}
	if s == "{}" {
		return true
	}
	for i := 1; ; {
		key, next, ok := plainJSONString(s, i)
		if !ok || next >= len(s) || s[next] != ':' {
			return false
		}
		i = next + 1
		v, next, ok := plainJSONString(s, i)
		if !ok {
			return false
		}
		switch key {
		case "created":
			ok = ss.Created.UnmarshalJSON(b[i:next]) == nil
		case "saved":
			ok = ss.Saved.UnmarshalJSON(b[i:next]) == nil
		default:
			f := ss.stringField(key)
			if ok = f != nil; ok {
				*f = v
			}
		}
		if !ok || next >= len(s) {
			return false
		}
		switch s[next] {
		case ',':
			i = next + 1
		case '}':
			return next == len(s)-1
		default:
			return false
		}
	}
}

// stringField returns the string field of the session whose JSON name is
// key, nil for none.
func (ss *session) stringField(key string) *string {
	switch key {
	case "csrf":
		return &ss.CSRF
	case "kind":
		return (*string)(&ss.Kind)
	case "sub":
		return &ss.Subject
	case "name":
		return &ss.Name
	case "state":
		return &ss.State
	case "via":
		return &ss.Via
	case "nonce":
		return &ss.Nonce
	case "verifier":
		return &ss.Verifier
	case "next":
		return &ss.Next
	case "for":
		return &ss.ActingFor
	}
	return nil
}

// plainJSONString reads the JSON string that begins at s[i] when it holds
// valid UTF-8 and no escape (so its text is its bytes, as json.Unmarshal
// would decode it), returning the text and the index after the closing
// quote.
func plainJSONString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			v := s[i+1 : j]
			return v, j + 1, utf8.ValidString(v)
		case c == '\\' || c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}

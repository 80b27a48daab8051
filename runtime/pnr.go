package runtime

import (
	"errors"
	"strings"
	"time"
)

// Errors of ParsePnr, which the web layer maps to messages for users.
var (
	// ErrPnrFormat means the text is not digits in one of the accepted forms.
	ErrPnrFormat = errors.New("personal identity number: want YYYYMMDD-XXXX, YYYYMMDDXXXX, YYMMDD-XXXX or YYMMDDXXXX")
	// ErrPnrDate means the birth date does not exist, lies in the future or
	// lies more than 130 years back.
	ErrPnrDate = errors.New("personal identity number: no such birth date")
	// ErrPnrChecksum means the last digit does not match the others.
	ErrPnrChecksum = errors.New("personal identity number: wrong check digit")
)

// maxPnrAge is the most years a birth date in a personal identity number
// may lie before today. Nobody on record has lived past 122, so an older
// date is a typing error (a year 1850 for 1950) rather than a citizen; the
// bound moves with today, so it needs no upkeep.
const maxPnrAge = 130

// ParsePnr parses a Swedish personal identity number ("personnummer") or
// coordination number ("samordningsnummer", day of birth plus 60) and
// returns it as 12 digits, YYYYMMDDXXXX.
//
// It accepts YYYYMMDD-XXXX, YYYYMMDDXXXX, YYMMDD-XXXX and YYMMDDXXXX, with
// spaces around. A 10-digit number belongs to the latest century in which
// the date is not after today; "+" instead of "-" marks someone 100 years
// or older, as the Tax Agency writes it, and moves the date a century back;
// a 12-digit number already names its century, so "+" there is refused. The
// birth date must not lie after today nor more than maxPnrAge years before.
// today is passed in so that tests and the service decide the century the
// same way.
func ParsePnr(s string, today time.Time) (string, error) {
	s = strings.TrimSpace(s)
	var digits []byte
	sep := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case (c == '-' || c == '+') && sep == 0 && len(s)-i == 5:
			sep = c
		default:
			return "", ErrPnrFormat
		}
	}
	var year int
	switch len(digits) {
	case 12:
		if sep == '+' {
			return "", ErrPnrFormat
		}
		year = num(digits[0:4])
		digits = digits[2:]
	case 10:
		yy := num(digits[0:2])
		year = today.Year() - (today.Year()-yy)%100
		if !dateOK(year, num(digits[2:4]), num(digits[4:6])) {
			// An impossible date stays impossible in any century but a
			// leap day; try the century before before giving up.
			if dateOK(year-100, num(digits[2:4]), num(digits[4:6])) {
				year -= 100
			}
		} else if birth(year, digits).After(today) {
			year -= 100
		}
		if sep == '+' {
			year -= 100
		}
	default:
		return "", ErrPnrFormat
	}
	month, day := num(digits[2:4]), num(digits[4:6])
	if !dateOK(year, month, day) {
		return "", ErrPnrDate
	}
	born := birth(year, digits)
	y, m, d := today.Date()
	if born.After(today) || born.Before(time.Date(y-maxPnrAge, m, d, 0, 0, 0, 0, time.UTC)) {
		return "", ErrPnrDate
	}
	if !luhn(digits) {
		return "", ErrPnrChecksum
	}
	out := make([]byte, 0, 12)
	out = append(out, byte('0'+year/1000), byte('0'+year/100%10))
	return string(append(out, digits...)), nil
}

// FormatPnr writes a 12-digit number as YYYYMMDD-XXXX, the form people read.
func FormatPnr(pnr string) string {
	if len(pnr) != 12 {
		return pnr
	}
	return pnr[:8] + "-" + pnr[8:]
}

// PnrBirthDate returns the birth date in a 12-digit number, taking away the
// 60 days a coordination number adds.
func PnrBirthDate(pnr string) (time.Time, error) {
	if len(pnr) != 12 {
		return time.Time{}, ErrPnrFormat
	}
	for i := 0; i < 12; i++ {
		if pnr[i] < '0' || pnr[i] > '9' {
			return time.Time{}, ErrPnrFormat
		}
	}
	year, month, day := num([]byte(pnr[0:4])), num([]byte(pnr[4:6])), num([]byte(pnr[6:8]))
	if !dateOK(year, month, day) {
		return time.Time{}, ErrPnrDate
	}
	return birth(year, []byte(pnr[2:])), nil
}

// birth returns the birth date of a number whose 10 digits are d.
func birth(year int, d []byte) time.Time {
	day := num(d[4:6])
	if day > 60 {
		day -= 60
	}
	return time.Date(year, time.Month(num(d[2:4])), day, 0, 0, 0, 0, time.UTC)
}

func dateOK(year, month, day int) bool {
	if day > 60 {
		day -= 60
	}
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// luhn checks the last of ten digits against the nine before it.
func luhn(d []byte) bool {
	sum := 0
	for i, c := range d {
		v := int(c - '0')
		if i%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

func num(d []byte) int {
	n := 0
	for _, c := range d {
		n = n*10 + int(c-'0')
	}
	return n
}

package web

import "strings"

// compareFold orders names without regard to case.
func compareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }

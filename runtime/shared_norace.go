//go:build !race

package runtime

// raceEnabled reports a race build, whose shared states are checked
// (snapshot_shared.go).
const raceEnabled = false

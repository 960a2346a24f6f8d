package importexcel_test

import (
	"testing"
	"time"

	"licsh/builtins/licshtest"
)

// clock is the fixed time scripts under test see.
var clock = time.Date(2024, 5, 31, 14, 5, 9, 0, time.UTC)

// session is a licsh session in dir, whose scripts run as test.ps1 at
// clock.
func session(t *testing.T, dir string) *licshtest.Session {
	s := licshtest.New(t)
	s.Dir = dir
	s.Script = "test.ps1"
	s.Clock = func() time.Time { return clock }
	return s
}

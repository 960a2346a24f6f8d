package core

import (
	"testing"
	"time"
)

func TestUFormat(t *testing.T) {
	t.Parallel()
	d := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	for f, want := range map[string]string{
		"%Y-%m-%d":    "2024-03-05",
		"%H:%M:%S":    "14:07:09",
		"%I %p":       "02 PM",
		"%a %A %b %B": "Tue Tuesday Mar March",
		"%j":          "065",
		"%D":          "03/05/24",
		"%e":          " 5",
		"%s":          "1709647629",
		"%u %w":       "2 2",
		"%V":          "10",
		"100%%":       "100%",
		"%y%C":        "2420",
		"%T %R":       "14:07:09 14:07",
		"%F":          "2024-03-05",
		"x%":          "x%",
	} {
		if got := uFormat(d, f); got != want {
			t.Errorf("%s: got %q, want %q", f, got, want)
		}
	}
}

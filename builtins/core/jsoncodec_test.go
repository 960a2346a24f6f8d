package core

import (
	"testing"
	"time"
)

func TestJSONDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC), "2024-01-15T10:00:00Z"},
		{time.Date(2024, 1, 15, 10, 0, 0, 120000000, time.UTC), "2024-01-15T10:00:00.12Z"},
		{time.Date(2024, 1, 15, 10, 0, 0, 0, time.FixedZone("", 2*3600)), "2024-01-15T10:00:00+02:00"},
	} {
		if got := jsonDate(tc.in); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestJSONDouble(t *testing.T) {
	t.Parallel()
	for in, want := range map[float64]string{1: "1.0", 1.5: "1.5", -2: "-2.0", 1e20: "1E+20", 0.1: "0.1"} {
		if got := jsonDouble(in); got != want {
			t.Errorf("%v: got %s, want %s", in, got, want)
		}
	}
}

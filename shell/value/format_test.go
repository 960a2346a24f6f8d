package value

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	dt := time.Date(2024, 3, 1, 14, 5, 9, 123456700, time.Local)
	tests := []struct {
		format string
		args   []any
		want   string
	}{
		{"{0,-6}|", arr("ab"), "ab    |"},
		{"{0,6}|", arr("ab"), "    ab|"},
		{"{0,2}|", arr("abcd"), "abcd|"},
		{"{0:N2}", arr(1234.5), "1,234.50"},
		{"{0:N0}", arr(1234567), "1,234,567"},
		{"{0:N1}", arr(-1234.56), "-1,234.6"},
		{"{0:N}", arr(0.5), "0.50"},
		{"{0:F1}", arr(2.25), "2.3"},
		{"{0:F2}", arr(0.125), "0.13"},
		{"{0:F2}", arr(2.675), "2.67"},
		{"{0:F0}", arr(2.5), "3"},
		{"{0:F}", arr(3), "3.00"},
		{"{0:D5}", arr(42), "00042"},
		{"{0:D3}", arr(-7), "-007"},
		{"{0:D}", arr(1.5), "!Error formatting a string: Format specifier was invalid.."},
		{"{0:P1}", arr(0.123), "12.3%"},
		{"{0:P0}", arr(0.5), "50%"},
		{"{0:X}", arr(255), "FF"},
		{"{0:x4}", arr(255), "00ff"},
		{"{0:X}", arr(-1), "FFFFFFFF"},
		{"{0:C}", arr(1234.5), "$1,234.50"},
		{"{0:C0}", arr(-3), "-$3"},
		{"{0:E2}", arr(12345.0), "1.23E+004"},
		{"{0:e}", arr(0.5), "5.000000e-001"},
		{"{0:G3}", arr(3.14159), "3.14"},
		{"{0:G}", arr(2.5), "2.5"},
		{"{0:R}", arr(0.1), "0.1"},
		{"{0:0.00}", arr(3.14159), "3.14"},
		{"{0:0.##}", arr(3.1), "3.1"},
		{"{0:0.##}", arr(3.0), "3"},
		{"{0:#,##0}", arr(1234567), "1,234,567"},
		{"{0:#,##0.00}", arr(1234.5), "1,234.50"},
		{"{0:000}", arr(7), "007"},
		{"{0:0%}", arr(0.25), "25%"},
		{"{0:0.0;(0.0);zero}", arr(-1.5), "(1.5)"},
		{"{0:0.0;(0.0);zero}", arr(0), "zero"},
		{"{0:(###) ###-####}", arr(int64(4255550123)), "(425) 555-0123"},
		{"{0:#}", arr(0), ""},
		{"{0:yyyy-MM-dd}", arr(dt), "2024-03-01"},
		{"{0:HH:mm:ss.fff}", arr(dt), "14:05:09.123"},
		{"{0}", arr(dt), "3/1/2024 2:05:09 PM"},
		{"{0:hh\\:mm}", arr(90 * time.Minute), "01:30"},
		{"{0}", arr(90 * time.Minute), "01:30:00"},
		{"{0:N}", arr(uuid.Nil), "00000000000000000000000000000000"},
		{"{0}", arr(nil), ""},
		{"{0}", arr(true), "True"},
		{"{0} {1} {0}", arr("a", "b"), "a b a"},
		{"{{0}} {0}", arr("x"), "{0} x"},
		{"}}{{", nil, "}{"},
		{"{1}", arr("a"), "!Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list.."},
		{"{0", arr("a"), "!Error formatting a string: Input string was not in a correct format.."},
		{"a}b", arr("a"), "!Error formatting a string: Input string was not in a correct format.."},
		{"{x}", arr("a"), "!Error formatting a string: Input string was not in a correct format.."},
		{"{-1}", arr("a"), "!Error formatting a string: Input string was not in a correct format.."},
		{"{0,-10}{1,8:N1}", arr("Licenses", 12.34), "Licenses      12.3"},
	}
	for _, tt := range tests {
		s, err := Format(tt.format, tt.args)
		got := s
		if err != nil {
			got = "!" + err.Error()
		}
		if got != tt.want {
			t.Errorf("%q -f %s = %q, want %q", tt.format, repr(tt.args), got, tt.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	t.Parallel()
	dt := time.Date(2024, 3, 1, 0, 5, 9, 0, time.UTC)
	pm := time.Date(2024, 12, 25, 13, 45, 0, 120000000, time.UTC)
	tests := []struct {
		t      time.Time
		format string
		want   string
	}{
		{dt, "yyyy-MM-dd", "2024-03-01"},
		{dt, "MM/dd/yyyy HH:mm:ss", "03/01/2024 00:05:09"},
		{dt, "dddd, MMMM d, yyyy h:mm:ss tt", "Friday, March 1, 2024 12:05:09 AM"},
		{dt, "F", "Friday, March 1, 2024 12:05:09 AM"},
		{dt, "d", "3/1/2024"},
		{dt, "D", "Friday, March 1, 2024"},
		{dt, "g", "3/1/2024 12:05 AM"},
		{dt, "G", "3/1/2024 12:05:09 AM"},
		{dt, "", "3/1/2024 12:05:09 AM"},
		{dt, "s", "2024-03-01T00:05:09"},
		{dt, "u", "2024-03-01 00:05:09Z"},
		{dt, "o", "2024-03-01T00:05:09.0000000Z"},
		{dt, "r", "Fri, 01 Mar 2024 00:05:09 GMT"},
		{dt, "t", "12:05 AM"},
		{dt, "M", "March 1"},
		{dt, "y", "March 2024"},
		{pm, "ddd MMM dd", "Wed Dec 25"},
		{pm, "h:mm tt", "1:45 PM"},
		{pm, "HH:mm:ss.fff", "13:45:00.120"},
		{pm, "HH:mm:ss.FFF", "13:45:00.12"},
		{pm, "yy", "24"},
		{pm, "%d", "25"},
		{pm, "'Day' d", "Day 25"},
		{pm, `yyyy\-MM`, "2024-12"},
		{pm, "yyyyMMdd_HHmmss", "20241225_134500"},
		{pm, "zzz", "+00:00"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.t, tt.format); got != tt.want {
			t.Errorf("FormatDate(%v, %q) = %q, want %q", tt.t, tt.format, got, tt.want)
		}
	}
}

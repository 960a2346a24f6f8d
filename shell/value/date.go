package value

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// standardDateFormats are .NET's one-letter date formats in en-US, the
// culture licsh displays dates in.
var standardDateFormats = map[string]string{
	"d": "M/d/yyyy",
	"D": "dddd, MMMM d, yyyy",
	"f": "dddd, MMMM d, yyyy h:mm tt",
	"F": "dddd, MMMM d, yyyy h:mm:ss tt",
	"g": "M/d/yyyy h:mm tt",
	"G": "M/d/yyyy h:mm:ss tt",
	"t": "h:mm tt",
	"T": "h:mm:ss tt",
	"m": "MMMM d",
	"M": "MMMM d",
	"y": "MMMM yyyy",
	"Y": "MMMM yyyy",
	"s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
	"u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
	"o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fffffffK",
	"O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss.fffffffK",
	"r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
	"R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
}

// FormatDate formats t with a .NET date format string: the standard
// one-letter formats (d D f F g G t T m y s u o r) in en-US, or a custom
// format built from yyyy MM dd HH mm ss fff tt ddd dddd MMM MMMM zzz K,
// quoted literals and backslash escapes. An empty format is "G".
func FormatDate(t time.Time, format string) string {
	if format == "" {
		format = "G"
	}
	if std, ok := standardDateFormats[format]; ok {
		if format == "r" || format == "R" {
			t = t.UTC()
		}
		format = std
	}
	var b strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		n := 1
		for i+n < len(format) && format[i+n] == c {
			n++
		}
		switch c {
		case 'y':
			y := t.Year()
			switch {
			case n <= 2:
				s := strconv.Itoa(y % 100)
				if n == 2 {
					s = leftPad(s, 2, '0')
				}
				b.WriteString(s)
			default:
				b.WriteString(leftPad(strconv.Itoa(y), n, '0'))
			}
		case 'M':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(int(t.Month())))
			case 2:
				b.WriteString(leftPad(strconv.Itoa(int(t.Month())), 2, '0'))
			case 3:
				b.WriteString(t.Month().String()[:3])
			default:
				b.WriteString(t.Month().String())
			}
		case 'd':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(t.Day()))
			case 2:
				b.WriteString(leftPad(strconv.Itoa(t.Day()), 2, '0'))
			case 3:
				b.WriteString(t.Weekday().String()[:3])
			default:
				b.WriteString(t.Weekday().String())
			}
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			b.WriteString(twoOrOne(h, n))
		case 'H':
			b.WriteString(twoOrOne(t.Hour(), n))
		case 'm':
			b.WriteString(twoOrOne(t.Minute(), n))
		case 's':
			b.WriteString(twoOrOne(t.Second(), n))
		case 'f', 'F':
			if n > 7 {
				n = 7
			}
			frac := leftPad(strconv.Itoa(t.Nanosecond()/100), 7, '0')[:n]
			if c == 'F' {
				frac = strings.TrimRight(frac, "0")
			}
			b.WriteString(frac)
		case 't':
			ampm := "AM"
			if t.Hour() >= 12 {
				ampm = "PM"
			}
			if n == 1 {
				ampm = ampm[:1]
			}
			b.WriteString(ampm)
		case 'z':
			_, off := t.Zone()
			sign := '+'
			if off < 0 {
				sign = '-'
				off = -off
			}
			switch n {
			case 1:
				fmt.Fprintf(&b, "%c%d", sign, off/3600)
			case 2:
				fmt.Fprintf(&b, "%c%02d", sign, off/3600)
			default:
				fmt.Fprintf(&b, "%c%02d:%02d", sign, off/3600, off/60%60)
			}
		case 'K':
			switch dateKind(t) {
			case "Utc":
				b.WriteByte('Z')
			case "Local":
				_, off := t.Zone()
				sign := '+'
				if off < 0 {
					sign = '-'
					off = -off
				}
				fmt.Fprintf(&b, "%c%02d:%02d", sign, off/3600, off/60%60)
			}
			n = 1
		case '\'', '"':
			end := strings.IndexByte(format[i+1:], c)
			if end < 0 {
				b.WriteString(format[i+1:])
				return b.String()
			}
			b.WriteString(format[i+1 : i+1+end])
			n = end + 2
		case '\\':
			if i+1 < len(format) {
				b.WriteByte(format[i+1])
			}
			n = 2
		case '%':
			n = 1 // "%d" is the custom specifier d on its own
		default:
			b.WriteString(format[i : i+n])
		}
		i += n
	}
	return b.String()
}

func twoOrOne(v, n int) string {
	if n >= 2 {
		return leftPad(strconv.Itoa(v), 2, '0')
	}
	return strconv.Itoa(v)
}

// dateLayouts are the forms [datetime] accepts from strings: ISO 8601 and
// the invariant culture's month-first forms.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.9999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.9999999Z07:00",
	"2006-01-02 15:04:05Z",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"1/2/2006 15:04:05",
	"1/2/2006 3:04:05 PM",
	"1/2/2006 3:04 PM",
	"1/2/2006 15:04",
	"1/2/2006",
	"Monday, January 2, 2006 3:04:05 PM",
	"Monday, January 2, 2006",
	"January 2, 2006 3:04:05 PM",
	"January 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"Jan 2, 2006",
	"Mon, 02 Jan 2006 15:04:05 MST",
	"15:04:05",
	"15:04",
}

// parseDate reads a date as [datetime]'...' does (invariant culture).
// Times with a zone are converted to local time, as .NET does; others are
// of Kind Unspecified. A time of day alone falls on today.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, time.Local)
		if err != nil {
			continue
		}
		if strings.Contains(layout, "Z07") || strings.HasSuffix(layout, "Z") || strings.Contains(layout, "MST") {
			return t.Local(), true
		}
		if strings.HasPrefix(layout, "15") {
			// A conversion has no session, so the day is the computer's,
			// as .NET's DateTime.Parse takes it.
			now := time.Now()
			t = time.Date(now.Year(), now.Month(), now.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.Local)
		}
		return unspecified(t), true
	}
	return time.Time{}, false
}

func dateParseError(s string) *Error {
	return castError("InvalidCastParseTargetInvocation", s, "System.DateTime",
		fmt.Sprintf("String '%s' was not recognized as a valid DateTime.", s))
}

// parseDateExact implements [datetime]::ParseExact with a .NET format by
// translating it to a Go layout.
func parseDateExact(s, format string) (time.Time, bool) {
	if std, ok := standardDateFormats[format]; ok {
		format = std
	}
	var layout strings.Builder
	for i := 0; i < len(format); {
		c := format[i]
		n := 1
		for i+n < len(format) && format[i+n] == c {
			n++
		}
		tok := format[i : i+n]
		switch c {
		case 'y':
			if n <= 2 {
				layout.WriteString("06")
			} else {
				layout.WriteString("2006")
			}
		case 'M':
			layout.WriteString([]string{"1", "01", "Jan", "January"}[min(n, 4)-1])
		case 'd':
			layout.WriteString([]string{"2", "02", "Mon", "Monday"}[min(n, 4)-1])
		case 'H':
			layout.WriteString("15")
		case 'h':
			layout.WriteString([]string{"3", "03"}[min(n, 2)-1])
		case 'm':
			layout.WriteString([]string{"4", "04"}[min(n, 2)-1])
		case 's':
			layout.WriteString([]string{"5", "05"}[min(n, 2)-1])
		case 'f', 'F':
			layout.WriteString(strings.Repeat("0", n))
		case 't':
			layout.WriteString("PM")
		case 'z':
			layout.WriteString("-07:00")
		case 'K':
			layout.WriteString("Z07:00")
		case '\'', '"':
			end := strings.IndexByte(format[i+1:], c)
			if end < 0 {
				return time.Time{}, false
			}
			layout.WriteString(format[i+1 : i+1+end])
			n = end + 2
		case '\\':
			if i+1 < len(format) {
				layout.WriteByte(format[i+1])
			}
			n = 2
		default:
			layout.WriteString(tok)
		}
		i += n
	}
	t, err := time.ParseInLocation(layout.String(), s, time.Local)
	if err != nil {
		return time.Time{}, false
	}
	if !strings.Contains(layout.String(), "07") {
		t = unspecified(t)
	}
	return t, true
}

// unspecifiedZone names the zone of dates whose Kind is Unspecified: those
// parsed without a zone or built from their parts. Their clock reads as
// written; where an instant is needed they count as local time, which is
// how .NET converts them to UTC.
const unspecifiedZone = "Unspecified"

// unspecified returns the date with t's clock reading and Kind Unspecified.
func unspecified(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, sec, ns := t.Hour(), t.Minute(), t.Second(), t.Nanosecond()
	_, off := time.Date(y, mo, d, h, mi, sec, ns, time.Local).Zone()
	return time.Date(y, mo, d, h, mi, sec, ns, time.FixedZone(unspecifiedZone, off))
}

// dateKind is DateTime.Kind: Utc, Local or Unspecified.
func dateKind(t time.Time) string {
	switch {
	case t.Location() == time.UTC:
		return "Utc"
	case t.Location().String() == unspecifiedZone:
		return "Unspecified"
	}
	return "Local"
}

// parseTimeSpan reads [timespan]'...': [-][d.]hh:mm[:ss[.fffffff]] or a
// whole number of days.
func parseTimeSpan(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return 0, false
	}
	var days int64
	if !strings.Contains(s, ":") {
		d, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, false
		}
		return signed(time.Duration(d)*24*time.Hour, neg), true
	}
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s, ':') {
		d, err := strconv.ParseInt(s[:dot], 10, 64)
		if err != nil {
			return 0, false
		}
		days, s = d, s[dot+1:]
	}
	var frac time.Duration
	if dot := strings.IndexByte(s, '.'); dot >= 0 {
		digits := s[dot+1:]
		if digits == "" || len(digits) > 7 {
			return 0, false
		}
		f, err := strconv.ParseInt(digits+strings.Repeat("0", 7-len(digits)), 10, 64)
		if err != nil {
			return 0, false
		}
		frac, s = time.Duration(f)*100, s[:dot]
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	limits := []int64{23, 59, 59}
	var hms [3]int64
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 || v > limits[i] {
			return 0, false
		}
		hms[i] = v
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(hms[0])*time.Hour +
		time.Duration(hms[1])*time.Minute + time.Duration(hms[2])*time.Second + frac
	return signed(d, neg), true
}

func signed(d time.Duration, neg bool) time.Duration {
	if neg {
		return -d
	}
	return d
}

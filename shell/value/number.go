package value

import (
	"math"
	"strconv"
	"strings"
)

// ParseNumber converts a string the way PowerShell does when a number is
// needed: surrounding white space is ignored, and hexadecimal (0x1F),
// exponents (1e3) and multiplier suffixes (kb, mb, gb, tb, pb) are accepted.
// Whole numbers are int when they fit 32 bits, int64 when they fit 64, and
// float64 otherwise; anything with a decimal point or exponent is float64.
func ParseNumber(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	mult := int64(1)
	lower := strings.ToLower(s)
	for i, suf := range []string{"kb", "mb", "gb", "tb", "pb"} {
		if strings.HasSuffix(lower, suf) {
			mult = int64(1) << (10 * (i + 1))
			s = s[:len(s)-2]
			lower = lower[:len(lower)-2]
			break
		}
	}
	neg := false
	body := lower
	if body != "" && (body[0] == '-' || body[0] == '+') {
		neg = body[0] == '-'
		body = body[1:]
	}
	if strings.HasPrefix(body, "0x") {
		u, err := strconv.ParseUint(body[2:], 16, 64)
		if err != nil || body[2:] == "" {
			return nil, false
		}
		n := int64(u)
		if neg {
			n = -n
		}
		return scaleInt(n, mult), true
	}
	if body == "" || strings.ContainsAny(body, "_xn") || strings.HasPrefix(body, "i") {
		return nil, false // rejects Go-only forms such as 1_000, Inf and NaN
	}
	if !strings.ContainsAny(body, ".e") {
		if n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
			return scaleInt(n, mult), true
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeErr(err) {
		return nil, false
	}
	return f * float64(mult), true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// scaleInt applies a kb/mb/... multiplier, widening to the smallest type
// that holds the result.
func scaleInt(n, mult int64) any {
	if mult != 1 && (n > math.MaxInt64/mult || n < math.MinInt64/mult) {
		return float64(n) * float64(mult)
	}
	return narrowInt(n * mult)
}

// narrowInt returns n as int when it fits 32 bits, else as int64.
func narrowInt(n int64) any {
	if n >= math.MinInt32 && n <= math.MaxInt32 {
		return int(n)
	}
	return n
}

// FormatDouble formats a double as .NET's default ToString does: the
// shortest text that round-trips, switching to exponent form (1E+15, 1E-05)
// outside 1e-4..1e15.
func FormatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // e.g. -1.2345e+06
	mant, expText, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expText)
	if exp >= 15 || exp < -4 {
		sign := "+"
		if exp < 0 {
			sign = "-"
			exp = -exp
		}
		return mant + "E" + sign + leftPad(strconv.Itoa(exp), 2, '0')
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func leftPad(s string, n int, c byte) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat(string(c), n-len(s)) + s
}

// isNumber reports whether v is one of the Go types that stand for numbers.
func isNumber(v any) bool {
	switch v.(type) {
	case int, int64, float64:
		return true
	}
	return false
}

// toNumber converts v to int, int64 or float64 for arithmetic, as
// PowerShell does with the operand on the right: $null and "" are 0, bools
// are 0 or 1, strings are parsed. ok is false when no conversion exists.
func toNumber(v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return 0, true
	case int, int64, float64:
		return x, true
	case Char:
		return int(x), true
	case Enum:
		return x.number(), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		if strings.TrimSpace(x) == "" {
			return 0, true
		}
		return ParseNumber(x)
	case []any:
		if len(x) == 1 {
			return toNumber(x[0])
		}
	}
	return nil, false
}

func toFloat(n any) float64 {
	switch x := n.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}

func toInt64(n any) (int64, bool) {
	switch x := n.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

// roundEven rounds half to even, as .NET's Math.Round and integer casts do.
func roundEven(f float64) float64 { return math.RoundToEven(f) }

// numberToInt converts a number to an int64 in [lo, hi] the way [int] and
// [long] casts do (rounding half to even), reporting overflow.
func numberToInt(n any, lo, hi int64) (int64, bool) {
	if i, ok := toInt64(n); ok {
		return i, i >= lo && i <= hi
	}
	f := roundEven(toFloat(n))
	if math.IsNaN(f) || f < float64(lo) || f > float64(hi) || (hi == math.MaxInt64 && f >= 9.223372036854775807e18) {
		return 0, false
	}
	return int64(f), true
}

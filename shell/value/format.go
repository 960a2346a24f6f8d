package value

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

var (
	errFormat = &Error{ID: "FormatError", Category: "InvalidOperation",
		Message: "Error formatting a string: Input string was not in a correct format.."}
	errFormatIndex = &Error{ID: "FormatError", Category: "InvalidOperation",
		Message: "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list.."}
	errFormatSpecifier = &Error{ID: "FormatError", Category: "InvalidOperation",
		Message: "Error formatting a string: Format specifier was invalid.."}
)

// Format is .NET's composite formatting as the -f operator uses it, in the
// en-US culture: {index[,alignment][:format]} items, {{ and }} escapes.
// Numbers take the standard formats (C D E F G N P R X with a precision)
// and custom ones (0.00, #,##0, 0%); dates take FormatDate's formats.
func Format(format string, args []any) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '}' {
			if i+1 < len(format) && format[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return "", errFormat
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		end := strings.IndexByte(format[i:], '}')
		if end < 0 {
			return "", errFormat
		}
		item := format[i+1 : i+end]
		i += end
		text, err := formatItem(item, args)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
	}
	return b.String(), nil
}

// formatItem formats one "index[,alignment][:format]" item.
func formatItem(item string, args []any) (string, error) {
	spec := ""
	if colon := strings.IndexByte(item, ':'); colon >= 0 {
		item, spec = item[:colon], item[colon+1:]
	}
	align := 0
	if comma := strings.IndexByte(item, ','); comma >= 0 {
		a, err := strconv.Atoi(strings.TrimSpace(item[comma+1:]))
		if err != nil || abs(a) >= 1000000 {
			return "", errFormat
		}
		item, align = item[:comma], a
	}
	idx, err := strconv.Atoi(strings.TrimRight(item, " "))
	if err != nil || strings.HasPrefix(item, " ") || strings.HasPrefix(item, "+") || strings.HasPrefix(item, "-") {
		return "", errFormat
	}
	if idx >= len(args) {
		return "", errFormatIndex
	}
	text, err := formatValue(args[idx], spec)
	if err != nil {
		return "", err
	}
	pad := abs(align) - len([]rune(text))
	switch {
	case pad <= 0:
		return text, nil
	case align < 0:
		return text + strings.Repeat(" ", pad), nil
	}
	return strings.Repeat(" ", pad) + text, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// formatValue formats one argument with a format specifier.
func formatValue(v any, spec string) (string, error) {
	switch x := v.(type) {
	case int, int64, float64:
		return formatNumber(x, spec)
	case time.Time:
		return FormatDate(x, spec), nil
	case time.Duration:
		return formatDuration(x, spec), nil
	case uuid.UUID:
		return formatGUID(x, spec), nil
	}
	return ToString(v), nil
}

func formatGUID(g uuid.UUID, spec string) string {
	s := g.String()
	switch spec {
	case "N", "n":
		return strings.ReplaceAll(s, "-", "")
	case "B", "b":
		return "{" + s + "}"
	case "P", "p":
		return "(" + s + ")"
	}
	return s
}

// formatDuration formats a timespan: "c" (the default) or a custom format
// of d, hh, mm, ss and f with backslash-escaped separators.
func formatDuration(d time.Duration, spec string) string {
	if spec == "" || spec == "c" || spec == "t" || spec == "T" || spec == "g" || spec == "G" {
		return formatTimeSpan(d)
	}
	if d < 0 {
		d = -d
	}
	ticks := int64(d / 100)
	parts := map[byte]int64{
		'd': ticks / 864000000000, 'h': ticks / 36000000000 % 24, 'm': ticks / 600000000 % 60,
		's': ticks / 10000000 % 60,
	}
	var b strings.Builder
	for i := 0; i < len(spec); {
		c := spec[i]
		n := 1
		for i+n < len(spec) && spec[i+n] == c {
			n++
		}
		switch c {
		case 'd', 'h', 'm', 's':
			b.WriteString(leftPad(strconv.FormatInt(parts[c], 10), n, '0'))
		case 'f', 'F':
			b.WriteString(leftPad(strconv.FormatInt(ticks%10000000, 10), 7, '0')[:min(n, 7)])
		case '\\':
			if i+1 < len(spec) {
				b.WriteByte(spec[i+1])
			}
			n = 2
		case '\'':
			end := strings.IndexByte(spec[i+1:], '\'')
			if end < 0 {
				end = len(spec) - i - 1
			}
			b.WriteString(spec[i+1 : i+1+end])
			n = end + 2
		default:
			b.WriteString(spec[i : i+n])
		}
		i += n
	}
	return b.String()
}

// formatNumber applies a standard or custom numeric format string.
func formatNumber(n any, spec string) (string, error) {
	f := toFloat(n)
	if spec == "" || math.IsNaN(f) || math.IsInf(f, 0) {
		return ToString(n), nil
	}
	letter := spec[0]
	prec := -1
	if len(spec) > 1 {
		p, err := strconv.Atoi(spec[1:])
		if err != nil || p < 0 {
			return customNumber(toFloat(n), spec), nil
		}
		prec = p
	}
	if !strings.ContainsRune("CcDdEeFfGgNnPpRrXx", rune(letter)) {
		return customNumber(toFloat(n), spec), nil
	}
	i, isInt := toInt64(n)
	switch letter {
	case 'D', 'd':
		if !isInt {
			return "", errFormatSpecifier
		}
		s := leftPad(strconv.FormatInt(abs64(i), 10), prec, '0')
		if i < 0 {
			s = "-" + s
		}
		return s, nil
	case 'X', 'x':
		if !isInt {
			return "", errFormatSpecifier
		}
		u := uint64(i)
		if _, small := n.(int); small {
			u = uint64(uint32(int32(i)))
		}
		s := leftPad(strconv.FormatUint(u, 16), prec, '0')
		if letter == 'X' {
			s = strings.ToUpper(s)
		}
		return s, nil
	case 'F', 'f':
		return signedFixed(f, precOr(prec, 2), false), nil
	case 'N', 'n':
		return signedFixed(f, precOr(prec, 2), true), nil
	case 'P', 'p':
		return signedFixed(f*100, precOr(prec, 2), true) + "%", nil
	case 'C', 'c':
		s := signedFixed(math.Abs(f), precOr(prec, 2), true)
		if f < 0 && s != signedFixed(0, precOr(prec, 2), true) {
			return "-$" + s, nil
		}
		return "$" + s, nil
	case 'E', 'e':
		return formatExponent(f, precOr(prec, 6), letter), nil
	case 'G', 'g':
		if prec <= 0 || isInt && prec >= 19 {
			return ToString(n), nil
		}
		return formatGeneral(f, prec, letter), nil
	}
	return ToString(n), nil // R: round trip, which ToString already is
}

func precOr(p, def int) int {
	if p < 0 {
		return def
	}
	return p
}

// fixedDigits renders |f| with the given decimals, rounding half away from
// zero on the exact binary value, as .NET does.
func fixedDigits(f float64, decimals int) (intPart, fracPart string) {
	s := strconv.FormatFloat(math.Abs(f), 'f', decimals+40, 64)
	dot := strings.IndexByte(s, '.')
	digits := []byte(s[:dot] + s[dot+1:dot+1+decimals])
	if s[dot+1+decimals] >= '5' {
		j := len(digits) - 1
		for ; j >= 0; j-- {
			if digits[j] == '9' {
				digits[j] = '0'
				continue
			}
			digits[j]++
			break
		}
		if j < 0 {
			digits = append([]byte{'1'}, digits...)
			dot++
		}
	}
	return string(digits[:dot]), string(digits[dot:])
}

func signedFixed(f float64, decimals int, group bool) string {
	ip, fp := fixedDigits(f, decimals)
	if group {
		ip = groupThousands(ip)
	}
	s := ip
	if decimals > 0 {
		s += "." + fp
	}
	if f < 0 && strings.Trim(ip+fp, "0") != "" {
		s = "-" + s
	}
	return s
}

func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// formatExponent is the E format: one digit, the decimals, then E+ddd.
func formatExponent(f float64, decimals int, letter byte) string {
	s := strconv.FormatFloat(f, 'e', decimals, 64)
	mant, exp, _ := strings.Cut(s, "e")
	sign := exp[0]
	exp = leftPad(strings.TrimLeft(exp[1:], "0"), 3, '0')
	return mant + string(letter) + string(sign) + exp
}

// formatGeneral is the G format with a precision: that many significant
// digits, in exponent form when the exponent is below -5 or not below the
// precision.
func formatGeneral(f float64, prec int, letter byte) string {
	s := strconv.FormatFloat(f, 'e', prec-1, 64)
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -5 || exp >= prec {
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		e := "E"
		if letter == 'g' {
			e = "e"
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return mant + e + sign + leftPad(strconv.Itoa(exp), 2, '0')
	}
	out := strconv.FormatFloat(f, 'f', max(prec-1-exp, 0), 64)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	return out
}

// customNumber applies a custom numeric format such as "0.00", "#,##0",
// "000", "0.#", "0%" or "(###) ###-####"; sections separated by ; give
// the formats for positive, negative and zero values.
func customNumber(f float64, spec string) string {
	sections := splitSections(spec)
	section := sections[0]
	negative := f < 0
	switch {
	case f < 0 && len(sections) > 1:
		section, negative = sections[1], false
		f = -f
	case f == 0 && len(sections) > 2:
		section = sections[2]
	}
	if strings.ContainsRune(section, '%') {
		f *= 100
	}
	intFmt, fracFmt, hasDot := strings.Cut(section, ".")
	maxDec, minDec := 0, 0
	if hasDot {
		for _, c := range fracFmt {
			switch c {
			case '0':
				maxDec++
				minDec = maxDec
			case '#':
				maxDec++
			}
		}
	}
	ip, fp := fixedDigits(f, maxDec)
	for len(fp) > minDec && strings.HasSuffix(fp, "0") {
		fp = fp[:len(fp)-1]
	}
	grouping := false
	minInt := 0
	seenZero := false
	for i := 0; i < len(intFmt); i++ {
		switch intFmt[i] {
		case '0':
			seenZero = true
			minInt++
		case '#':
			if seenZero {
				minInt++
			}
		case ',':
			grouping = true
		}
	}
	ip = strings.TrimLeft(ip, "0")
	ip = leftPad(ip, minInt, '0')
	if grouping {
		ip = groupThousands(ip)
	}
	var out strings.Builder
	if negative && strings.Trim(ip+fp, "0") != "" {
		out.WriteByte('-')
	}
	out.WriteString(fillInteger(intFmt, ip, grouping))
	if fp != "" {
		out.WriteByte('.')
		out.WriteString(fillFraction(fracFmt, fp))
	} else {
		out.WriteString(literalsOnly(fracFmt))
	}
	return out.String()
}

// fillInteger places the integer digits into the integer part of a custom
// format, right to left, keeping the literal characters between them; the
// leftmost placeholder takes any digits left over.
func fillInteger(format, digits string, grouped bool) string {
	toks := formatTokens(format)
	var parts []string
	d := len(digits)
	firstPlaceholder := -1
	for i, t := range toks {
		if t == "0" || t == "#" {
			firstPlaceholder = i
			break
		}
	}
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		switch {
		case t == "0" || t == "#":
			if i == firstPlaceholder {
				parts = append(parts, digits[:d])
				d = 0
			} else if d > 0 {
				parts = append(parts, digits[d-1:d])
				d--
				if grouped && d > 0 && digits[d-1] == ',' {
					parts = append(parts, ",")
					d--
				}
			}
		case t == ",":
		default:
			parts = append(parts, t)
		}
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}

func fillFraction(format, digits string) string {
	var b strings.Builder
	d := 0
	for _, t := range formatTokens(format) {
		switch t {
		case "0", "#":
			if d < len(digits) {
				b.WriteByte(digits[d])
				d++
			}
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

func literalsOnly(format string) string {
	var b strings.Builder
	for _, t := range formatTokens(format) {
		if t != "0" && t != "#" {
			b.WriteString(t)
		}
	}
	return b.String()
}

// formatTokens splits a custom format into placeholders ("0", "#", ",")
// and literal text, resolving quotes and backslash escapes.
func formatTokens(format string) []string {
	var toks []string
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch c {
		case '\'', '"':
			end := strings.IndexByte(format[i+1:], c)
			if end < 0 {
				end = len(format) - i - 1
			}
			toks = append(toks, format[i+1:i+1+end])
			i += end + 1
		case '\\':
			if i+1 < len(format) {
				toks = append(toks, format[i+1:i+2])
				i++
			}
		default:
			toks = append(toks, format[i:i+1])
		}
	}
	return toks
}

// splitSections splits a custom format at unquoted semicolons.
func splitSections(spec string) []string {
	var sections []string
	start := 0
	var quote byte
	for i := 0; i < len(spec); i++ {
		c := spec[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '\\':
			i++
		case c == ';':
			sections = append(sections, spec[start:i])
			start = i + 1
		}
	}
	return append(sections, spec[start:])
}

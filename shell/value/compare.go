package value

import (
	"bytes"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
)

// Equal is -eq for one value on each side: the left operand decides the
// type the right one is converted to (1 -eq '1.0' is true, '1.0' -eq 1 is
// false), strings compare case-insensitively unless caseSensitive, and a
// right operand that cannot be converted is simply not equal. Objects,
// hashtables and arrays are equal only to themselves.
func Equal(x, y any, caseSensitive bool) bool {
	if x == nil || y == nil {
		return x == nil && y == nil
	}
	switch a := x.(type) {
	case string:
		b := ToString(y)
		if caseSensitive {
			return a == b
		}
		return a == b || strings.EqualFold(a, b)
	case int, int64, float64:
		n, ok := toNumber(y)
		return ok && compareNumbers(a, n) == 0
	case Char:
		if isNumber(y) {
			return compareNumbers(int(a), y) == 0
		}
		return Equal(string(rune(a)), y, caseSensitive)
	case bool:
		return a == ToBool(y)
	case time.Time:
		b, err := Convert(y, "datetime")
		return err == nil && a.Equal(b.(time.Time))
	case time.Duration:
		b, err := Convert(y, "timespan")
		return err == nil && a == b.(time.Duration)
	case uuid.UUID:
		b, err := Convert(y, "guid")
		return err == nil && a == b.(uuid.UUID)
	case Version:
		b, err := Convert(y, "version")
		return err == nil && CompareVersions(a, b.(Version)) == 0
	case Enum:
		b, err := a.Type.Parse(y)
		return err == nil && a.Value == b.Value
	case Type:
		b, ok := y.(Type)
		if !ok {
			return false
		}
		ta, errA := lookupType(a.Name)
		tb, errB := lookupType(b.Name)
		if errA != nil || errB != nil {
			return strings.EqualFold(a.Name, b.Name)
		}
		return ta.full == tb.full
	}
	return sameReference(x, y)
}

// sameReference reports whether two values are the same object.
func sameReference(x, y any) bool {
	vx, vy := reflect.ValueOf(x), reflect.ValueOf(y)
	if vx.Type() != vy.Type() {
		return false
	}
	switch vx.Kind() {
	case reflect.Slice:
		return vx.Len() == vy.Len() && (vx.Len() == 0 || vx.Pointer() == vy.Pointer())
	case reflect.Map, reflect.Func:
		return vx.Pointer() == vy.Pointer()
	}
	return vx.Type().Comparable() && x == y
}

// compareNumbers orders two numbers, exactly for integers.
func compareNumbers(a, b any) int {
	ia, okA := toInt64(a)
	ib, okB := toInt64(b)
	if okA && okB {
		return cmp3(ia < ib, ia > ib)
	}
	fa, fb := toFloat(a), toFloat(b)
	return cmp3(fa < fb, fa > fb)
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// Compare orders two values for -lt, -gt and Sort-Object. The left operand
// decides the type, as for Equal; $null sorts before everything. A right
// operand that cannot be converted is an error, as in PowerShell.
func Compare(x, y any, caseSensitive bool) (int, error) {
	if x == nil || y == nil {
		return cmp3(x == nil && y != nil, x != nil && y == nil), nil
	}
	switch a := x.(type) {
	case string:
		return compareStrings(a, ToString(y), caseSensitive), nil
	case int, int64, float64:
		n, ok := toNumber(y)
		if !ok {
			_, err := Convert(y, TypeName(x))
			return 0, comparisonError(x, y, err)
		}
		return compareNumbers(a, n), nil
	case Char:
		if isNumber(y) {
			return compareNumbers(int(a), y), nil
		}
		return compareStrings(string(rune(a)), ToString(y), caseSensitive), nil
	case bool:
		b := ToBool(y)
		return cmp3(!a && b, a && !b), nil
	case time.Time:
		b, err := Convert(y, "datetime")
		if err != nil {
			return 0, comparisonError(x, y, err)
		}
		return a.Compare(b.(time.Time)), nil
	case time.Duration:
		b, err := Convert(y, "timespan")
		if err != nil {
			return 0, comparisonError(x, y, err)
		}
		return cmp3(a < b.(time.Duration), a > b.(time.Duration)), nil
	case uuid.UUID:
		b, err := Convert(y, "guid")
		if err != nil {
			return 0, comparisonError(x, y, err)
		}
		bg := b.(uuid.UUID)
		return bytes.Compare(a[:], bg[:]), nil
	case Version:
		b, err := Convert(y, "version")
		if err != nil {
			return 0, comparisonError(x, y, err)
		}
		return CompareVersions(a, b.(Version)), nil
	case Enum:
		b, err := a.Type.Parse(y)
		if err != nil {
			return 0, comparisonError(x, y, err)
		}
		return cmp3(a.Value < b.Value, a.Value > b.Value), nil
	}
	return 0, newError("NotIcomparable", "InvalidOperation",
		"Cannot compare \"%s\" because it is not IComparable.", ToString(x))
}

func comparisonError(x, y any, cause error) *Error {
	reason := "Object must be of type " + strings.TrimPrefix(TypeName(x), "System.") + "."
	if cause != nil {
		reason = cause.Error()
	}
	return newError("ComparisonFailure", "InvalidOperation",
		"Could not compare \"%s\" to \"%s\". Error: \"%s\"", ToString(x), ToString(y), reason)
}

// compareStrings approximates the culture-aware comparison PowerShell uses:
// letters compare ignoring case first; when case matters, lower case sorts
// before upper case at the first difference.
func compareStrings(a, b string, caseSensitive bool) int {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if c := strings.Compare(la, lb); c != 0 || !caseSensitive {
		return c
	}
	ra, rb := []rune(a), []rune(b)
	for i := range min(len(ra), len(rb)) {
		if ra[i] != rb[i] {
			return cmp3(unicode.IsLower(ra[i]), unicode.IsUpper(ra[i]))
		}
	}
	return 0
}

// Like matches s against a PowerShell wildcard pattern: * any run, ? one
// character, [abc] and [a-z] sets, and a backtick escaping the next
// character. The whole string must match. A malformed pattern matches
// nothing.
func Like(s, pattern string, caseSensitive bool) bool {
	toks, ok := parseWildcard(pattern)
	if !ok {
		return false
	}
	str := []rune(s)
	si, ti := 0, 0
	starTok, starStr := -1, 0
	for si < len(str) {
		if ti < len(toks) && toks[ti].kind != '*' && toks[ti].matches(str[si], caseSensitive) {
			si++
			ti++
			continue
		}
		if ti < len(toks) && toks[ti].kind == '*' {
			starTok, starStr = ti, si
			ti++
			continue
		}
		if starTok < 0 {
			return false
		}
		starStr++
		si, ti = starStr, starTok+1
	}
	for ti < len(toks) && toks[ti].kind == '*' {
		ti++
	}
	return ti == len(toks)
}

// wildTok is one element of a wildcard pattern: a literal ('l'), ? ('?'),
// * ('*') or a set ('[').
type wildTok struct {
	kind   byte
	r      rune
	ranges [][2]rune
}

func (t wildTok) matches(c rune, caseSensitive bool) bool {
	candidates := []rune{c}
	if !caseSensitive {
		candidates = append(candidates, unicode.ToLower(c), unicode.ToUpper(c))
	}
	switch t.kind {
	case '?':
		return true
	case 'l':
		return c == t.r || !caseSensitive && unicode.ToLower(c) == unicode.ToLower(t.r)
	case '[':
		for _, rg := range t.ranges {
			for _, r := range candidates {
				if rg[0] <= r && r <= rg[1] {
					return true
				}
			}
		}
	}
	return false
}

func parseWildcard(p string) ([]wildTok, bool) {
	rs := []rune(p)
	var toks []wildTok
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '`':
			if i+1 < len(rs) {
				i++
			}
			toks = append(toks, wildTok{kind: 'l', r: rs[i]})
		case '*':
			if len(toks) == 0 || toks[len(toks)-1].kind != '*' {
				toks = append(toks, wildTok{kind: '*'})
			}
		case '?':
			toks = append(toks, wildTok{kind: '?'})
		case '[':
			t := wildTok{kind: '['}
			j := i + 1
			for ; j < len(rs) && rs[j] != ']'; j++ {
				lo := rs[j]
				if lo == '`' && j+1 < len(rs) {
					j++
					lo = rs[j]
				}
				hi := lo
				if j+2 < len(rs) && rs[j+1] == '-' && rs[j+2] != ']' {
					hi = rs[j+2]
					j += 2
				}
				t.ranges = append(t.ranges, [2]rune{lo, hi})
			}
			if j >= len(rs) {
				return nil, false
			}
			toks = append(toks, t)
			i = j
		default:
			toks = append(toks, wildTok{kind: 'l', r: c})
		}
	}
	return toks, true
}

package value

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// methodError is PowerShell's MethodInvocationException around an
// exception (id, such as "FormatException") thrown inside a .NET method.
func methodError(id, method string, args []any, reason string) *Error {
	e := newError(id, "NotSpecified", "Exception calling \"%s\" with \"%d\" argument(s): \"%s\"", method, len(args), reason)
	e.Cause = "System." + id
	e.Exception = "System.Management.Automation.MethodInvocationException"
	return e
}

var errNullMethod = &Error{ID: "InvokeMethodOnNull", Category: "InvalidOperation",
	Message: "You cannot call a method on a null-valued expression."}

// CallMethod calls a .NET method on a value, by case-insensitive name: the
// string, date, timespan, array, list and hashtable methods admins use, and
// GetType, ToString and Equals on every value. A method an array or list
// does not have is called on each of its elements, as member enumeration
// does for properties. An unknown method gives PowerShell's "does not
// contain a method named" error.
func CallMethod(v any, name string, args []any) (any, error) {
	return callMethod(v, name, args, nil)
}

// callMethod is CallMethod with the collections being enumerated, as for
// getMember.
func callMethod(v any, name string, args []any, outer []any) (any, error) {
	if v == nil {
		return nil, errNullMethod
	}
	lname := strings.ToLower(name)
	var (
		r      any
		err    error
		exists bool
	)
	switch x := v.(type) {
	case Methods:
		r, exists, err = x.Method(name, args)
	case string:
		r, exists, err = stringMethod(x, lname, name, args)
	case []any:
		r, exists, err = arrayMethod(x, lname, name, args)
	case *List:
		r, exists, err = listMethod(x, lname, name, args)
	case *Hashtable:
		r, exists, err = hashtableMethod(x, lname, name, args)
	case time.Time:
		r, exists, err = dateMethod(x, lname, name, args)
	case time.Duration:
		r, exists, err = durationMethod(x, lname, args)
	case int, int64, float64:
		if lname == "tostring" && len(args) == 1 {
			s, ferr := formatNumber(x, ToString(args[0]))
			return s, ferr
		}
		if lname == "compareto" && len(args) == 1 {
			return Compare(x, args[0], true)
		}
	case uuid.UUID:
		if lname == "tostring" && len(args) == 1 {
			return formatGUID(x, ToString(args[0])), nil
		}
	case *Regex:
		r, exists, err = regexMethod(x, lname, args)
	case *StringBuilder:
		r, exists, err = stringBuilderMethod(x, lname, name, args)
	case *StreamWriter:
		r, exists, err = streamWriterMethod(x, lname, name, args)
	case *PSObjectView:
		if lname == "copy" && len(args) == 0 {
			return x.Copy(), nil
		}
	case Enum:
		if lname == "hasflag" && len(args) == 1 {
			flag, err := x.Type.Parse(args[0])
			if err != nil {
				return nil, err
			}
			return x.HasFlag(flag), nil
		}
	}
	if exists || err != nil {
		return r, err
	}
	switch lname {
	case "gettype":
		if len(args) == 0 {
			return Type{Name: TypeName(v)}, nil
		}
	case "tostring":
		if len(args) == 0 {
			if t, ok := v.(time.Time); ok {
				return FormatDate(t, "G"), nil
			}
			return scalarString(v), nil
		}
	case "equals":
		if len(args) == 1 {
			return strictEqual(v, args[0]), nil
		}
	case "gethashcode":
		if len(args) == 0 {
			return len(ToString(v)), nil
		}
	}
	if items, ok := Enumerate(v); ok && len(items) > 0 {
		return enumerateMember(v, outer, func(e any, path []any) (any, error) { return callMethod(e, name, args, path) })
	}
	return nil, methodNotFound(TypeName(v), name)
}

// strictEqual is .NET's Equals: the same type and the same value (or the
// same object).
func strictEqual(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return TypeName(a) == TypeName(b) && Equal(a, b, true)
}

func wantArgs(method string, args []any, counts ...int) error {
	for _, c := range counts {
		if len(args) == c {
			return nil
		}
	}
	return argCountError(method, len(args))
}

func intArg(v any) (int, error) {
	n, err := Convert(v, "int")
	if err != nil {
		return 0, err
	}
	return n.(int), nil
}

// ignoreCaseArg reads a StringComparison or ignoreCase argument.
func ignoreCaseArg(args []any, i int) bool {
	if i >= len(args) {
		return false
	}
	if b, ok := args[i].(bool); ok {
		return b
	}
	return strings.HasSuffix(strings.ToLower(ToString(args[i])), "ignorecase")
}

func stringMethod(s, lname, name string, args []any) (any, bool, error) {
	rs := []rune(s)
	switch lname {
	case "tolower", "tolowerinvariant":
		return strings.ToLower(s), true, wantArgs(name, args, 0, 1)
	case "toupper", "toupperinvariant":
		return strings.ToUpper(s), true, wantArgs(name, args, 0, 1)
	case "trim", "trimstart", "trimend":
		cut := ""
		for _, a := range args {
			cut += joinOp(a, "")
		}
		trim := map[string]func(string, string) string{
			"trim": strings.Trim, "trimstart": strings.TrimLeft, "trimend": strings.TrimRight,
		}[lname]
		if cut == "" {
			switch lname {
			case "trim":
				return strings.TrimSpace(s), true, nil
			case "trimstart":
				return strings.TrimLeft(s, " \t\r\n\v\f\u00a0\u2028\u2029\u3000"), true, nil
			}
			return strings.TrimRight(s, " \t\r\n\v\f\u00a0\u2028\u2029\u3000"), true, nil
		}
		return trim(s, cut), true, nil
	case "split":
		return splitMethod(s, args), true, nil
	case "replace":
		if err := wantArgs(name, args, 2, 3); err != nil {
			return nil, true, err
		}
		old := ToString(args[0])
		if old == "" {
			return nil, true, methodError("ArgumentException", name, args, "The value cannot be an empty string. (Parameter 'oldValue')")
		}
		if ignoreCaseArg(args, 2) {
			re, _ := NewRegex(regexQuote(old), false)
			return re.Re.ReplaceAllLiteralString(s, ToString(args[1])), true, nil
		}
		return strings.ReplaceAll(s, old, ToString(args[1])), true, nil
	case "substring":
		if err := wantArgs(name, args, 1, 2); err != nil {
			return nil, true, err
		}
		start, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		if start < 0 || start > len(rs) {
			return nil, true, methodError("ArgumentOutOfRangeException", name, args,
				"startIndex cannot be larger than length of string. (Parameter 'startIndex')")
		}
		if len(args) == 1 {
			return string(rs[start:]), true, nil
		}
		n, err := intArg(args[1])
		if err != nil {
			return nil, true, err
		}
		if n < 0 || start+n > len(rs) {
			return nil, true, methodError("ArgumentOutOfRangeException", name, args,
				"Index and length must refer to a location within the string. (Parameter 'length')")
		}
		return string(rs[start : start+n]), true, nil
	case "startswith", "endswith", "contains":
		if err := wantArgs(name, args, 1, 2); err != nil {
			return nil, true, err
		}
		sub, str := ToString(args[0]), s
		if ignoreCaseArg(args, 1) {
			sub, str = strings.ToLower(sub), strings.ToLower(str)
		}
		f := map[string]func(string, string) bool{
			"startswith": strings.HasPrefix, "endswith": strings.HasSuffix, "contains": strings.Contains,
		}[lname]
		return f(str, sub), true, nil
	case "indexof", "lastindexof":
		if err := wantArgs(name, args, 1, 2); err != nil {
			return nil, true, err
		}
		sub := ToString(args[0])
		str := s
		if len(args) == 2 {
			if _, isNum := args[1].(int); !isNum && ignoreCaseArg(args, 1) {
				sub, str = strings.ToLower(sub), strings.ToLower(str)
			}
		}
		rsub := []rune(str)
		offset := 0
		if len(args) == 2 {
			if n, ok := args[1].(int); ok {
				if n < 0 || n > len(rsub) {
					return nil, true, methodError("ArgumentOutOfRangeException", name, args,
						"Index was out of range. Must be non-negative and less than or equal to the size of the collection. (Parameter 'startIndex')")
				}
				if lname == "indexof" {
					offset = n
					rsub = rsub[n:]
				} else {
					rsub = rsub[:min(n+1, len(rsub))]
				}
			}
		}
		var i int
		if lname == "indexof" {
			i = strings.Index(string(rsub), sub)
		} else {
			i = strings.LastIndex(string(rsub), sub)
		}
		if i < 0 {
			return -1, true, nil
		}
		return offset + len([]rune(string(rsub)[:i])), true, nil
	case "padleft", "padright":
		if err := wantArgs(name, args, 1, 2); err != nil {
			return nil, true, err
		}
		n, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		pad := " "
		if len(args) == 2 {
			pad = ToString(args[1])
		}
		if n <= len(rs) || pad == "" {
			return s, true, nil
		}
		if n > maxBuild {
			return nil, true, errOutOfMemory
		}
		fill := strings.Repeat(string([]rune(pad)[0]), n-len(rs))
		if lname == "padleft" {
			return fill + s, true, nil
		}
		return s + fill, true, nil
	case "insert":
		if err := wantArgs(name, args, 2); err != nil {
			return nil, true, err
		}
		i, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		if i < 0 || i > len(rs) {
			return nil, true, methodError("ArgumentOutOfRangeException", name, args,
				"Specified argument was out of the range of valid values. (Parameter 'startIndex')")
		}
		return string(rs[:i]) + ToString(args[1]) + string(rs[i:]), true, nil
	case "remove":
		if err := wantArgs(name, args, 1, 2); err != nil {
			return nil, true, err
		}
		i, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		n := len(rs) - i
		if len(args) == 2 {
			if n, err = intArg(args[1]); err != nil {
				return nil, true, err
			}
		}
		if i < 0 || n < 0 || i+n > len(rs) {
			return nil, true, methodError("ArgumentOutOfRangeException", name, args,
				"Index and count must refer to a location within the string. (Parameter 'count')")
		}
		return string(rs[:i]) + string(rs[i+n:]), true, nil
	case "tochararray":
		return charsOf(s), true, nil
	case "compareto":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		if args[0] == nil {
			return 1, true, nil
		}
		return compareStrings(s, ToString(args[0]), true), true, nil
	case "equals":
		if len(args) == 2 {
			if ignoreCaseArg(args, 1) {
				return strings.EqualFold(s, ToString(args[0])), true, nil
			}
			return s == ToString(args[0]), true, nil
		}
	case "tostring":
		return s, true, nil
	}
	return nil, false, nil
}

// splitMethod is String.Split: separators given as strings or characters
// (several arguments or one string each split on whole), an optional count
// and StringSplitOptions.
func splitMethod(s string, args []any) []any {
	var seps []string
	count := -1
	removeEmpty := false
	for i, a := range args {
		switch x := a.(type) {
		case int:
			if i > 0 {
				count = x
				continue
			}
		case string:
			if i > 0 && strings.Contains(strings.ToLower(x), "removeemptyentries") {
				removeEmpty = true
				continue
			}
		}
		if items, ok := Enumerate(a); ok {
			for _, it := range items {
				seps = append(seps, ToString(it))
			}
			continue
		}
		seps = append(seps, ToString(a))
	}
	if len(seps) == 0 {
		seps = []string{" ", "\t", "\n", "\r"} // Split() splits at white space
	}
	parts := splitAny(s, seps, count)
	out := []any{}
	for _, p := range parts {
		if removeEmpty && p == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// splitAny splits at any of the separators, the earliest (then longest)
// first, into at most count parts when count >= 0.
func splitAny(s string, seps []string, count int) []string {
	var parts []string
	for count < 0 || len(parts) < count-1 {
		best, bestLen := -1, 0
		for _, sep := range seps {
			if sep == "" {
				continue
			}
			if i := strings.Index(s, sep); i >= 0 && (best < 0 || i < best || i == best && len(sep) > bestLen) {
				best, bestLen = i, len(sep)
			}
		}
		if best < 0 {
			break
		}
		parts = append(parts, s[:best])
		s = s[best+bestLen:]
	}
	if count == 0 {
		return nil
	}
	return append(parts, s)
}

// regexQuote escapes a literal for .NET and Go regular expressions alike.
func regexQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\*+?|{}[]()^$.# `, r) {
			b.WriteByte('\\')
		}
		switch r {
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func arrayMethod(a []any, lname, name string, args []any) (any, bool, error) {
	switch lname {
	case "contains":
		return indexOfStrict(a, args) >= 0, true, wantArgs("Contains", args, 1)
	case "indexof":
		return indexOfStrict(a, args), true, wantArgs("IndexOf", args, 1)
	case "clone":
		return append([]any{}, a...), true, nil
	case "add", "remove", "insert", "removeat":
		return nil, true, methodError("NotSupportedException", name, args, "Collection was of a fixed size.")
	case "getvalue":
		if err := wantArgs("GetValue", args, 1); err != nil {
			return nil, true, err
		}
		i, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		if i < 0 || i >= len(a) {
			return nil, true, methodError("IndexOutOfRangeException", "GetValue", args, "Index was outside the bounds of the array.")
		}
		return a[i], true, nil
	}
	return nil, false, nil
}

func indexOfStrict(items []any, args []any) int {
	if len(args) != 1 {
		return -1
	}
	for i, e := range items {
		if strictEqual(e, args[0]) {
			return i
		}
	}
	return -1
}

// element converts a value to the list's element type, as List[T].Add
// does.
func (l *List) element(method string, v any) (any, error) {
	if l.Of == "" {
		return v, nil
	}
	c, err := Convert(v, l.Of)
	if err != nil {
		e := newError("MethodArgumentConversionInvalidCastArgument", "NotSpecified",
			"Cannot convert argument \"item\", with value: \"%s\", for \"%s\" to type \"%s\": \"%s\"", ToString(v), method, l.Of, err.Error())
		e.Exception = "System.Management.Automation.MethodException"
		return nil, e
	}
	return c, nil
}

// add puts a value in a HashSet unless it holds it already.
func (l *List) add(v any) bool {
	for _, it := range l.Items {
		if strictEqual(it, v) {
			return false
		}
	}
	l.Items = append(l.Items, v)
	return true
}

func listMethod(l *List, lname, name string, args []any) (any, bool, error) {
	if l.Set != "" {
		switch lname {
		case "add":
			if err := wantArgs(name, args, 1); err != nil {
				return nil, true, err
			}
			return l.add(args[0]), true, nil
		case "remove":
			if err := wantArgs(name, args, 1); err != nil {
				return nil, true, err
			}
			if i := indexOfStrict(l.Items, args); i >= 0 {
				l.Items = append(l.Items[:i], l.Items[i+1:]...)
				return true, true, nil
			}
			return false, true, nil
		case "unionwith":
			if err := wantArgs(name, args, 1); err != nil {
				return nil, true, err
			}
			items, _ := Enumerate(args[0])
			for _, it := range items {
				l.add(it)
			}
			return nil, true, nil
		}
	}
	switch lname {
	case "add":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		item, err := l.element(name, args[0])
		if err != nil {
			return nil, true, err
		}
		l.Items = append(l.Items, item)
		if l.ArrayList {
			return len(l.Items) - 1, true, nil
		}
		return nil, true, nil
	case "addrange":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		items, ok := Enumerate(args[0])
		if !ok {
			return nil, true, methodError("ArgumentException", name, args, "Value does not fall within the expected range.")
		}
		l.Items = append(l.Items, items...)
		return nil, true, nil
	case "remove":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		i := indexOfStrict(l.Items, args)
		if i >= 0 {
			l.Items = append(l.Items[:i], l.Items[i+1:]...)
		}
		if l.ArrayList {
			return nil, true, nil // ArrayList.Remove returns nothing
		}
		return i >= 0, true, nil
	case "removeat", "insert":
		want := 1
		if lname == "insert" {
			want = 2
		}
		if err := wantArgs(name, args, want); err != nil {
			return nil, true, err
		}
		i, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		limit := len(l.Items)
		if lname == "insert" {
			limit++
		}
		if i < 0 || i >= limit {
			return nil, true, methodError("ArgumentOutOfRangeException", name, args,
				"Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')")
		}
		if lname == "removeat" {
			l.Items = append(l.Items[:i], l.Items[i+1:]...)
		} else {
			l.Items = append(l.Items[:i], append([]any{args[1]}, l.Items[i:]...)...)
		}
		return nil, true, nil
	case "contains":
		return indexOfStrict(l.Items, args) >= 0, true, wantArgs(name, args, 1)
	case "indexof":
		return indexOfStrict(l.Items, args), true, wantArgs(name, args, 1)
	case "clear":
		l.Items = l.Items[:0]
		return nil, true, nil
	case "toarray":
		return append([]any{}, l.Items...), true, nil
	case "reverse":
		for i, j := 0, len(l.Items)-1; i < j; i, j = i+1, j-1 {
			l.Items[i], l.Items[j] = l.Items[j], l.Items[i]
		}
		return nil, true, nil
	case "sort":
		var sortErr error
		sort.SliceStable(l.Items, func(i, j int) bool {
			c, err := Compare(l.Items[i], l.Items[j], true)
			if err != nil && sortErr == nil {
				sortErr = methodError("InvalidOperationException", name, args, "Failed to compare two elements in the array.")
			}
			return c < 0
		})
		return nil, true, sortErr
	}
	return nil, false, nil
}

func hashtableMethod(h *Hashtable, lname, name string, args []any) (any, bool, error) {
	switch lname {
	case "add":
		if err := wantArgs(name, args, 2); err != nil {
			return nil, true, err
		}
		if args[0] == nil {
			return nil, true, methodError("ArgumentNullException", name, args, "Key cannot be null. (Parameter 'key')")
		}
		if i, dup := h.index[hashKey(args[0])]; dup {
			return nil, true, methodError("ArgumentException", name, args, fmt.Sprintf(
				"Item has already been added. Key in dictionary: '%s'  Key being added: '%s'",
				ToString(h.entries[i].Key), ToString(args[0])))
		}
		h.Set(args[0], args[1])
		return nil, true, nil
	case "remove":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		h.Delete(args[0])
		return nil, true, nil
	case "containskey", "contains":
		return len(args) == 1 && h.Has(args[0]), true, wantArgs(name, args, 1)
	case "item", "get_item":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		v, _ := Index(h, args[0])
		return v, true, nil
	case "containsvalue":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		for _, e := range h.entries {
			if strictEqual(e.Value, args[0]) {
				return true, true, nil
			}
		}
		return false, true, nil
	case "clear":
		h.Clear()
		return nil, true, nil
	case "clone":
		return h.Copy(), true, nil
	case "getenumerator":
		out := make([]any, len(h.entries))
		for i, e := range h.entries {
			o := NewObject("System.Collections.DictionaryEntry")
			o.Set("Name", e.Key)
			o.Set("Key", e.Key)
			o.Set("Value", e.Value)
			out[i] = o
		}
		return out, true, nil
	}
	return nil, false, nil
}

func dateMethod(t time.Time, lname, name string, args []any) (any, bool, error) {
	add := map[string]time.Duration{
		"adddays": 24 * time.Hour, "addhours": time.Hour, "addminutes": time.Minute,
		"addseconds": time.Second, "addmilliseconds": time.Millisecond,
	}
	if unit, ok := add[lname]; ok {
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		f, err := Convert(args[0], "double")
		if err != nil {
			return nil, true, err
		}
		ms := math.Round(f.(float64) * float64(unit) / float64(time.Millisecond))
		return t.Add(time.Duration(ms) * time.Millisecond), true, nil
	}
	switch lname {
	case "addmonths", "addyears":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		n, err := intArg(args[0])
		if err != nil {
			return nil, true, err
		}
		if lname == "addyears" {
			n *= 12
		}
		return addMonths(t, n), true, nil
	case "addticks":
		n, err := Convert(args[0], "long")
		if err != nil {
			return nil, true, err
		}
		return t.Add(time.Duration(n.(int64)) * 100), true, nil
	case "tostring":
		if len(args) == 0 {
			return FormatDate(t, "G"), true, nil
		}
		return FormatDate(t, ToString(args[0])), true, nil
	case "touniversaltime":
		return t.UTC(), true, nil
	case "tolocaltime":
		if dateKind(t) == "Unspecified" { // .NET takes an unspecified time as UTC here
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		return t.Local(), true, nil
	case "toshortdatestring":
		return FormatDate(t, "d"), true, nil
	case "tolongdatestring":
		return FormatDate(t, "D"), true, nil
	case "toshorttimestring":
		return FormatDate(t, "t"), true, nil
	case "tolongtimestring":
		return FormatDate(t, "T"), true, nil
	case "subtract":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		r, err := arithmetic("-", t, args[0])
		return r, true, err
	case "add":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		r, err := arithmetic("+", t, args[0])
		return r, true, err
	case "compareto":
		if err := wantArgs(name, args, 1); err != nil {
			return nil, true, err
		}
		c, err := Compare(t, args[0], true)
		return c, true, err
	}
	return nil, false, nil
}

// addMonths adds months as .NET does: the day is clamped to the last day of
// the resulting month rather than overflowing into the next.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

func durationMethod(d time.Duration, lname string, args []any) (any, bool, error) {
	switch lname {
	case "tostring":
		if len(args) == 0 {
			return formatTimeSpan(d), true, nil
		}
		return formatDuration(d, ToString(args[0])), true, nil
	case "add", "subtract":
		if err := wantArgs(lname, args, 1); err != nil {
			return nil, true, err
		}
		op := "+"
		if lname == "subtract" {
			op = "-"
		}
		r, err := arithmetic(op, d, args[0])
		return r, true, err
	case "negate":
		return -d, true, nil
	case "duration":
		if d < 0 {
			return -d, true, nil
		}
		return d, true, nil
	}
	return nil, false, nil
}

func regexMethod(r *Regex, lname string, args []any) (any, bool, error) {
	switch lname {
	case "ismatch":
		return len(args) == 1 && r.Re.MatchString(ToString(args[0])), true, wantArgs("IsMatch", args, 1)
	case "replace":
		if err := wantArgs("Replace", args, 2); err != nil {
			return nil, true, err
		}
		return r.Replace(ToString(args[0]), ToString(args[1])), true, nil
	case "split":
		if err := wantArgs("Split", args, 1); err != nil {
			return nil, true, err
		}
		return r.Split(ToString(args[0]), 0), true, nil
	case "match":
		if err := wantArgs("Match", args, 1); err != nil {
			return nil, true, err
		}
		return matchObject(r, ToString(args[0])), true, nil
	case "matches":
		if err := wantArgs("Matches", args, 1); err != nil {
			return nil, true, err
		}
		return r.matches(ToString(args[0])), true, nil
	case "tostring":
		return r.Pattern, true, nil
	}
	return nil, false, nil
}

// matchObject is Regex.Match: the first match of r in s, or a failed one.
func matchObject(r *Regex, s string) *Object {
	return r.matchAt(s, r.Re.FindStringSubmatchIndex(s))
}

// matches is Regex.Matches: every match of r in s, in order.
func (r *Regex) matches(s string) []any {
	locs := r.Re.FindAllStringSubmatchIndex(s, -1)
	out := make([]any, len(locs))
	for i, loc := range locs {
		out[i] = r.matchAt(s, loc)
	}
	return out
}

// matchAt builds a System.Text.RegularExpressions.Match from loc (as
// FindStringSubmatchIndex gives it, nil for no match) with the properties
// scripts read: Success, Value, Index, Length and Groups, an ordered table
// of Group objects keyed by number and name, so that Groups[1] and
// Groups['name'] work as in .NET.
func (r *Regex) matchAt(s string, loc []int) *Object {
	groups := NewHashtable()
	groups.Ordered = true
	names := r.Re.SubexpNames()
	for n, g := range r.groupOrder() {
		var key any = n
		if names[g] != "" {
			key = names[g]
		}
		groups.Set(key, groupObject(s, loc, g, ToString(key)))
	}
	o := groupObject(s, loc, 0, "0")
	m := NewObject("System.Text.RegularExpressions.Match")
	for _, p := range o.Props() {
		if p.Name != "Name" {
			m.Set(p.Name, p.Value)
		}
	}
	m.Set("Groups", groups)
	return m
}

// groupObject is a System.Text.RegularExpressions.Group: submatch g of loc.
func groupObject(s string, loc []int, g int, name string) *Object {
	o := NewObject("System.Text.RegularExpressions.Group")
	ok := loc != nil && loc[2*g] >= 0
	o.Set("Success", ok)
	o.Set("Name", name)
	if !ok {
		o.Set("Value", "")
		o.Set("Index", 0)
		o.Set("Length", 0)
		return o
	}
	text := s[loc[2*g]:loc[2*g+1]]
	o.Set("Value", text)
	o.Set("Index", stringLength(s[:loc[2*g]]))
	o.Set("Length", stringLength(text))
	return o
}

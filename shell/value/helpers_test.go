package value

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// repr renders a result so table rows can state the exact Go type:
// 1 (int), 1L (int64), 1.5d (double), 'x' (string), [char]'x', @(..)
// arrays.
func repr(v any) string { return reprAt(v, 0) }

// reprAt stops at a depth no test value reaches, so a collection that
// contains itself can still be shown in a failure message.
func reprAt(v any, depth int) string {
	if depth > 8 {
		return "..."
	}
	switch x := v.(type) {
	case nil:
		return "$null"
	case string:
		return "'" + x + "'"
	case bool:
		if x {
			return "$true"
		}
		return "$false"
	case int:
		return fmt.Sprint(x)
	case int64:
		return fmt.Sprintf("%dL", x)
	case float64:
		return FormatDouble(x) + "d"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = reprAt(e, depth+1)
		}
		return "@(" + strings.Join(parts, ", ") + ")"
	case *List:
		if x.ArrayList {
			return "[arraylist]" + reprAt(x.Items, depth+1)
		}
		return "[list]" + reprAt(x.Items, depth+1)
	case Char:
		return "[char]'" + string(rune(x)) + "'"
	case *Hashtable:
		parts := []string{}
		for _, e := range x.Entries() {
			parts = append(parts, reprAt(e.Key, depth+1)+"="+reprAt(e.Value, depth+1))
		}
		prefix := ""
		if x.Ordered {
			prefix = "[ordered]"
		}
		return prefix + "@{" + strings.Join(parts, "; ") + "}"
	case *Object:
		parts := []string{}
		for _, p := range x.Props() {
			parts = append(parts, p.Name+"="+reprAt(p.Value, depth+1))
		}
		return "[pscustomobject]@{" + strings.Join(parts, "; ") + "}"
	case time.Time:
		return "[datetime]'" + x.Format("2006-01-02 15:04:05.9999999") + "'"
	case time.Duration:
		return "[timespan]'" + formatTimeSpan(x) + "'"
	case uuid.UUID:
		return "[guid]'" + x.String() + "'"
	case Type:
		return "[" + x.Name + "]"
	case *Regex:
		return "[regex]'" + x.Pattern + "'"
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// result renders a value or the error message prefixed with "!".
func result(v any, err error) string {
	if err != nil {
		return "!" + err.Error()
	}
	return repr(v)
}

func arr(items ...any) []any { return items }

func ht(kv ...any) *Hashtable {
	h := NewHashtable()
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

func ordered(kv ...any) *Hashtable {
	h := ht(kv...)
	h.Ordered = true
	return h
}

func obj(kv ...any) *Object {
	o := NewObject()
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

func date(s string) time.Time {
	t, ok := parseDate(s)
	if !ok {
		panic("bad test date " + s)
	}
	return t
}

// selfContaining is an ArrayList that holds itself, as $l.Add($l) makes.
func selfContaining() *List {
	l := &List{ArrayList: true, Items: arr(1)}
	l.Items = append(l.Items, l, arr(l))
	return l
}

// fakeTyped is a value of a .NET type that another package implements.
type fakeTyped []string

func (f fakeTyped) TypeNames() []string { return f }

type fakeBlock string

func (b fakeBlock) ScriptText() string { return string(b) }

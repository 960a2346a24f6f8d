package value

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Convert is a cast ([int]$x) and the conversion the parameter binder
// applies. typeName is written as inside the brackets, in any case, with or
// without "System.". A failed conversion returns an *Error with
// PowerShell's message.
func Convert(v any, typeName string) (any, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return nil, err
	}
	return convertTo(v, t)
}

func convertTo(v any, t typeInfo) (any, error) {
	switch t.kind {
	case "object", "psobject":
		return v, nil
	case "string":
		if v == nil {
			return "", nil
		}
		return ToString(v), nil
	case "bool":
		return ToBool(v), nil
	case "array":
		if v == nil {
			return nil, nil
		}
		return toArray(v), nil
	case "typedarray":
		items := toArray(v)
		if str, ok := v.(string); ok && t.elem.kind == "char" {
			items = charsOf(str) // [char[]]'abc' splits the string
		}
		if items == nil {
			return nil, nil
		}
		out := make([]any, len(items))
		for i, it := range items {
			c, err := convertTo(it, *t.elem)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case "list":
		items := toArray(v)
		if items == nil && v == nil {
			return nil, nil
		}
		l := &List{Items: make([]any, 0, len(items)), ArrayList: t.full == "System.Collections.ArrayList"}
		if t.elem != nil {
			l.Of = t.elem.full
		}
		for _, it := range items {
			if t.elem != nil {
				c, err := convertTo(it, *t.elem)
				if err != nil {
					return nil, err
				}
				it = c
			}
			l.Items = append(l.Items, it)
		}
		return l, nil
	case "type":
		switch x := v.(type) {
		case Type:
			return x, nil
		case string:
			if _, err := lookupType(x); err != nil {
				return nil, castError("InvalidCastFromStringToType", x, "System.Type",
					fmt.Sprintf("Unable to find type [%s].", x))
			}
			return Type{Name: x}, nil
		}
		return nil, invalidCast(v, t.full)
	}
	if v == nil {
		return nullTo(t)
	}
	if items, ok := v.([]any); ok {
		if len(items) != 1 {
			return nil, invalidCast(v, t.full)
		}
		return convertTo(items[0], t)
	}
	switch t.kind {
	case "int":
		return toIntType(v, t, math.MinInt32, math.MaxInt32)
	case "long":
		return toIntType(v, t, math.MinInt64, math.MaxInt64)
	case "byte":
		return toIntType(v, t, 0, 255)
	case "double":
		return toDouble(v, t)
	case "char":
		return toChar(v, t)
	case "datetime":
		return toDate(v, t)
	case "timespan":
		return toTimeSpan(v, t)
	case "guid":
		return toGUID(v, t)
	case "version":
		return toVersion(v, t)
	case "hashtable", "ordered", "dictionary":
		h, ok := v.(*Hashtable)
		if !ok {
			return nil, invalidCast(v, t.full)
		}
		c := h.Copy()
		c.Ordered = t.kind == "ordered"
		if t.kind == "dictionary" && t.full != "System.Collections.IDictionary" {
			c.Generic, c.Ordered = t.full, true
		}
		return c, nil
	case "pscustomobject":
		if h, ok := v.(*Hashtable); ok {
			o := NewObject()
			for _, e := range h.entries {
				o.Set(ToString(e.Key), e.Value)
			}
			return o, nil
		}
		return v, nil
	case "regex":
		switch x := v.(type) {
		case *Regex:
			return x, nil
		case string:
			r, err := NewRegex(x, true) // a [regex] is case-sensitive, as in .NET
			if err != nil {
				return nil, castError("InvalidCastConstructorException", x, t.full, err.Error())
			}
			return r, nil
		}
	case "scriptblock":
		if sb, ok := v.(ScriptBlock); ok {
			return sb, nil
		}
	}
	if ok, _ := isType(v, t); ok {
		return v, nil
	}
	return nil, invalidCast(v, t.full)
}

// nullTo is what $null becomes when cast: 0 for numbers, a zero value for
// value types, and $null for reference types.
func nullTo(t typeInfo) (any, error) {
	switch t.kind {
	case "int", "byte":
		return 0, nil
	case "long":
		return int64(0), nil
	case "double":
		return 0.0, nil
	case "char":
		return Char(0), nil
	case "datetime":
		return time.Time{}, nil
	case "timespan":
		return time.Duration(0), nil
	case "guid":
		return uuid.Nil, nil
	}
	return nil, nil
}

// toArray is what [array] and [object[]] make of a value: collections are
// copied into a new array, $null stays $null, a scalar becomes a
// one-element array.
func toArray(v any) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		return append([]any{}, x...)
	case *List:
		return append([]any{}, x.Items...)
	}
	return []any{v}
}

func toIntType(v any, t typeInfo, lo, hi int64) (any, error) {
	var n any
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return fitInt(0, t), nil
		}
		p, ok := ParseNumber(x)
		if !ok {
			return nil, castError("InvalidCastFromStringToInteger", x, t.full, badFormat(x))
		}
		n = p
	case bool:
		n = 0
		if x {
			n = 1
		}
	case int, int64, float64:
		n = x
	case Char:
		n = int(x)
	case Enum:
		n = x.Value
	default:
		return nil, invalidCast(v, t.full)
	}
	i, ok := numberToInt(n, lo, hi)
	if !ok {
		short := strings.TrimPrefix(t.full, "System.")
		id := "InvalidCastIConvertible"
		if _, isStr := v.(string); isStr {
			id = "InvalidCastFromStringToInteger"
		}
		return nil, castError(id, v, t.full, fmt.Sprintf("Value was either too large or too small for %s %s.", article(short), short))
	}
	return fitInt(i, t), nil
}

func article(word string) string {
	if strings.ContainsRune("AEIOU", rune(word[0])) {
		return "an"
	}
	return "a"
}

func fitInt(i int64, t typeInfo) any {
	if t.kind == "long" {
		return i
	}
	return int(i)
}

func toDouble(v any, t typeInfo) (any, error) {
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return 0.0, nil
		}
		n, ok := ParseNumber(x)
		if !ok {
			return nil, castError("InvalidCastFromStringToDoubleOrSingle", x, t.full, badFormat(x))
		}
		return toFloat(n), nil
	case bool:
		if x {
			return 1.0, nil
		}
		return 0.0, nil
	case int, int64, float64:
		return toFloat(x), nil
	case Char:
		return float64(x), nil
	case Enum:
		return float64(x.Value), nil
	}
	return nil, invalidCast(v, t.full)
}

func toChar(v any, t typeInfo) (any, error) {
	switch x := v.(type) {
	case Char:
		return x, nil
	case string:
		if utf8.RuneCountInString(x) != 1 {
			return nil, castError("InvalidCastParseTargetInvocation", x, t.full, "String must be exactly one character long.")
		}
		r, _ := utf8.DecodeRuneInString(x)
		return Char(r), nil
	case int, int64, float64:
		i, ok := numberToInt(x, 0, 0xFFFF)
		if !ok {
			return nil, castError("InvalidCastIConvertible", x, t.full, "Value was either too large or too small for a character.")
		}
		return Char(i), nil
	}
	return nil, invalidCast(v, t.full)
}

// charsOf is a string's characters, as ToCharArray() and [char[]] give them.
func charsOf(s string) []any {
	out := make([]any, 0, len(s))
	for _, r := range s {
		out = append(out, Char(r))
	}
	return out
}

func toDate(v any, t typeInfo) (any, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case string:
		d, ok := parseDate(x)
		if !ok {
			return nil, dateParseError(x)
		}
		return d, nil
	case int, int64:
		ticks, _ := toInt64(x)
		return ticksToTime(ticks), nil
	}
	return nil, invalidCast(v, t.full)
}

// ticksToTime converts .NET ticks (100 ns since 0001-01-01) to a time.
func ticksToTime(ticks int64) time.Time {
	const day = 864000000000
	base := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	return unspecified(base.AddDate(0, 0, int(ticks/day)).Add(time.Duration(ticks%day) * 100))
}

// timeToTicks converts a time to .NET ticks.
func timeToTicks(t time.Time) int64 {
	const day = 864000000000
	y, m, d := t.Date()
	midnight := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	days := int64(midnight.Sub(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)).Hours()) / 24
	clock := int64(t.Hour())*36000000000 + int64(t.Minute())*600000000 + int64(t.Second())*10000000 + int64(t.Nanosecond()/100)
	return days*day + clock
}

func toTimeSpan(v any, t typeInfo) (any, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case string:
		d, ok := parseTimeSpan(x)
		if !ok {
			return nil, castError("InvalidCastParseTargetInvocation", x, t.full, "String '"+x+"' was not recognized as a valid TimeSpan.")
		}
		return d, nil
	case int, int64:
		ticks, _ := toInt64(x)
		return time.Duration(ticks) * 100, nil
	}
	return nil, invalidCast(v, t.full)
}

func toGUID(v any, t typeInfo) (any, error) {
	switch x := v.(type) {
	case uuid.UUID:
		return x, nil
	case string:
		g, err := uuid.Parse(strings.TrimSpace(x))
		if err != nil {
			return nil, castError("InvalidCastParseTargetInvocation", x, t.full,
				"Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).")
		}
		return g, nil
	}
	return nil, invalidCast(v, t.full)
}

// IsType is the -is operator. typeName is resolved as for Convert; an
// unknown name is an error. [object] matches everything but $null.
func IsType(v any, typeName string) (bool, error) {
	t, err := lookupType(typeName)
	if err != nil {
		return false, err
	}
	return isType(v, t)
}

func isType(v any, t typeInfo) (bool, error) {
	if v == nil {
		return false, nil
	}
	switch t.kind {
	case "object", "psobject":
		return t.kind == "object" || isObjectLike(v), nil
	case "pscustomobject":
		return isObjectLike(v), nil
	case "string":
		_, ok := v.(string)
		return ok, nil
	case "char":
		_, ok := v.(Char)
		return ok, nil
	case "named":
		return hasTypeName(v, t.full), nil
	case "int", "byte":
		_, ok := v.(int)
		return ok && t.kind == "int", nil
	case "long":
		_, ok := v.(int64)
		return ok, nil
	case "double":
		_, ok := v.(float64)
		return ok && t.full == "System.Double", nil
	case "bool":
		_, ok := v.(bool)
		return ok && t.full == "System.Boolean", nil
	case "datetime":
		_, ok := v.(time.Time)
		return ok, nil
	case "timespan":
		_, ok := v.(time.Duration)
		return ok, nil
	case "guid":
		_, ok := v.(uuid.UUID)
		return ok, nil
	case "version":
		_, ok := v.(Version)
		return ok, nil
	case "array":
		_, ok := v.([]any)
		return ok, nil
	case "typedarray":
		items, ok := v.([]any)
		if !ok || len(items) == 0 {
			return false, nil
		}
		for _, it := range items {
			if ok, _ := isType(it, *t.elem); !ok {
				return false, nil
			}
		}
		return true, nil
	case "list":
		l, ok := v.(*List)
		return ok && l.Set == "" && l.ArrayList == (t.full == "System.Collections.ArrayList"), nil
	case "hashset":
		l, ok := v.(*List)
		return ok && l.Set == t.full, nil
	case "stringbuilder":
		_, ok := v.(*StringBuilder)
		return ok, nil
	case "streamwriter":
		_, ok := v.(*StreamWriter)
		return ok, nil
	case "hashtable", "ordered":
		h, ok := v.(*Hashtable)
		return ok && h.Ordered == (t.kind == "ordered"), nil
	case "dictionary":
		h, ok := v.(*Hashtable)
		return ok && (t.full == "System.Collections.IDictionary" || h.Generic == t.full), nil
	case "regex":
		_, ok := v.(*Regex)
		return ok, nil
	case "scriptblock":
		_, ok := v.(ScriptBlock)
		return ok, nil
	case "type":
		_, ok := v.(Type)
		return ok, nil
	case "valuetype":
		switch v.(type) {
		case int, int64, float64, bool, Char, time.Time, time.Duration, uuid.UUID:
			return true, nil
		}
	case "enumerable":
		switch v.(type) {
		case []any, *List, *Hashtable, string:
			return true, nil
		}
	case "ilist":
		switch v.(type) {
		case []any, *List:
			return true, nil
		}
	}
	return false, nil
}

// hasTypeName reports whether a Typed value is of the .NET type full or
// derives from it.
func hasTypeName(v any, full string) bool {
	typed, ok := v.(Typed)
	if !ok {
		return false
	}
	for _, n := range typed.TypeNames() {
		if strings.EqualFold(n, full) {
			return true
		}
	}
	return false
}

// isObjectLike reports whether v is a PSCustomObject or a property bag,
// the values PowerShell wraps in a PSObject.
func isObjectLike(v any) bool {
	switch v.(type) {
	case *Object, PropertyBag:
		return true
	}
	return false
}

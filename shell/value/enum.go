package value

import (
	"fmt"
	"strconv"
	"strings"
)

// EnumType is an enumeration a script declares with `enum`: its names and
// their values, in order. With Flags set a value may combine several names.
type EnumType struct {
	Name   string
	Flags  bool
	Names  []string
	Values []int64
}

// Enum is a value of an enumeration. It prints as its name, converts to
// its number, and compares equal to its name, its number or itself.
type Enum struct {
	Type  *EnumType
	Value int64
}

// String is the value's name; a combination of flags is the names joined
// with ", "; a value without a name is its number.
func (e Enum) String() string {
	t := e.Type
	for i, v := range t.Values {
		if v == e.Value {
			return t.Names[i]
		}
	}
	if t.Flags && e.Value != 0 {
		var names []string
		rest := e.Value
		for i, v := range t.Values {
			if v != 0 && e.Value&v == v {
				names = append(names, t.Names[i])
				rest &^= v
			}
		}
		if rest == 0 {
			return strings.Join(names, ", ")
		}
	}
	return strconv.FormatInt(e.Value, 10)
}

// TypeNames gives the enum's type and its bases.
func (e Enum) TypeNames() []string {
	return []string{e.Type.Name, "System.Enum", "System.ValueType", "System.Object"}
}

// number is the value as the int or long it is stored as.
func (e Enum) number() any { return narrowInt(e.Value) }

// HasFlag reports whether every bit of flag is set in the value.
func (e Enum) HasFlag(flag Enum) bool { return e.Value&flag.Value == flag.Value }

// Parse converts a name, a comma-separated list of names (for flags), a
// number or another value to a value of the enum, as a cast does.
func (t *EnumType) Parse(v any) (Enum, error) {
	switch x := v.(type) {
	case Enum:
		return Enum{t, x.Value}, nil
	case int, int64, float64, Char, bool:
		n, err := Convert(x, "long")
		if err != nil {
			return Enum{}, err
		}
		return Enum{t, n.(int64)}, nil
	case string:
		if n, ok := ParseNumber(strings.TrimSpace(x)); ok {
			return t.Parse(n)
		}
		var val int64
		parts := strings.Split(x, ",")
		if !t.Flags && len(parts) > 1 {
			return Enum{}, t.badName(x)
		}
		for _, part := range parts {
			name := strings.TrimSpace(part)
			found := false
			for i, n := range t.Names {
				if strings.EqualFold(n, name) {
					val |= t.Values[i]
					found = true
					break
				}
			}
			if !found {
				return Enum{}, t.badName(x)
			}
		}
		return Enum{t, val}, nil
	}
	if v == nil {
		return Enum{}, castError("InvalidCastFromNull", v, t.Name, "Null object cannot be converted to a value type.")
	}
	return Enum{}, invalidCast(v, t.Name)
}

func (t *EnumType) badName(s string) *Error {
	return castError("InvalidCastFromStringToEnum", s, t.Name,
		fmt.Sprintf("Unable to match the identifier name %s to a valid enumerator name. Specify one of the following enumerator names and try again:\n%s",
			s, strings.Join(t.Names, ", ")))
}

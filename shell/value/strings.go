package value

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// ToString is PowerShell's [string] conversion, which also serves string
// expansion ("$x"): culture-invariant, $null is "", booleans are True and
// False, dates are MM/dd/yyyy HH:mm:ss, arrays and lists are their elements'
// text joined with a space (a nested collection shows its type name, as
// PowerShell does not expand it), a PSCustomObject is @{a=1; b=x}.
func ToString(v any) string {
	switch x := v.(type) {
	case []any, *List:
		items, _ := Enumerate(x)
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = scalarString(it)
		}
		return strings.Join(parts, " ")
	}
	return scalarString(v)
}

// scalarString converts one value, leaving collections as their .NET type
// name, the way .NET's own ToString does.
func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case Char:
		return string(rune(x))
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatDouble(x)
	case time.Time:
		return FormatDate(x, "MM/dd/yyyy HH:mm:ss")
	case time.Duration:
		return formatTimeSpan(x)
	case uuid.UUID:
		return x.String()
	case []any, *List:
		return TypeName(x)
	case *Hashtable:
		return TypeName(x)
	case *Object:
		return objectString(x)
	case Type:
		return typeDisplayName(x.Name)
	case *Regex:
		return x.Pattern
	case ScriptBlock:
		return x.ScriptText()
	case fmt.Stringer:
		return x.String()
	case error:
		return x.Error()
	}
	return fmt.Sprint(v)
}

// objectString is a PSCustomObject's text: @{a=1; b=x}, or "" when it has
// no properties.
func objectString(o *Object) string {
	if o.Len() == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("@{")
	for i, p := range o.props {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Name)
		b.WriteByte('=')
		b.WriteString(scalarString(p.Value))
	}
	b.WriteByte('}')
	return b.String()
}

// formatTimeSpan is TimeSpan's constant ("c") format: [-][d.]hh:mm:ss[.fffffff].
func formatTimeSpan(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	ticks := int64(d / 100)
	days := ticks / (864000000000)
	rest := ticks % 864000000000
	if days > 0 {
		fmt.Fprintf(&b, "%d.", days)
	}
	h := rest / 36000000000
	m := rest / 600000000 % 60
	s := rest / 10000000 % 60
	frac := rest % 10000000
	fmt.Fprintf(&b, "%02d:%02d:%02d", h, m, s)
	if frac > 0 {
		fmt.Fprintf(&b, ".%07d", frac)
	}
	return b.String()
}

// ToBool is PowerShell's truthiness: $null, 0, "", an empty collection and
// $false are false; a one-element collection is its element's truthiness;
// any other value (including the string "False") is true.
func ToBool(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case int:
		return x != 0
	case int64:
		return x != 0
	case float64:
		return x != 0
	case string:
		return x != ""
	case Enum:
		return x.Value != 0
	case []any:
		return collectionTruth(x)
	case *List:
		return collectionTruth(x.Items)
	}
	return true
}

// Truth is the truth of what a script block outputs, taken as it comes,
// as Where-Object and .Where() take it: false for nothing, the truth of the
// one value, true for several. Emit takes each value; Reset starts again.
// It keeps no values, so filtering costs nothing per object.
type Truth struct {
	n     int
	first any
}

// Emit takes one value the block output.
func (t *Truth) Emit(v any) error {
	if t.n == 0 {
		t.first = v
	}
	t.n++
	return nil
}

// Value is the truth of the values taken since the last Reset.
func (t *Truth) Value() bool {
	switch t.n {
	case 0:
		return false
	case 1:
		return ToBool(t.first)
	}
	return true
}

// Reset forgets the values taken.
func (t *Truth) Reset() { t.n, t.first = 0, nil }

func collectionTruth(items []any) bool {
	switch len(items) {
	case 0:
		return false
	case 1:
		return ToBool(items[0])
	}
	return true
}

// TypeName is the .NET full type name of the value, as GetType().FullName
// and error messages show it.
func TypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "System.String"
	case Char:
		return "System.Char"
	case bool:
		return "System.Boolean"
	case int:
		return "System.Int32"
	case int64:
		return "System.Int64"
	case float64:
		return "System.Double"
	case time.Time:
		return "System.DateTime"
	case time.Duration:
		return "System.TimeSpan"
	case uuid.UUID:
		return "System.Guid"
	case []any:
		return "System.Object[]"
	case *List:
		if x.Set != "" {
			return x.Set
		}
		if x.ArrayList {
			return "System.Collections.ArrayList"
		}
		if x.Of != "" {
			return "System.Collections.Generic.List`1[" + x.Of + "]"
		}
		return "System.Collections.Generic.List`1[System.Object]"
	case *Hashtable:
		if x.Generic != "" {
			return x.Generic
		}
		if x.Ordered {
			return "System.Collections.Specialized.OrderedDictionary"
		}
		return "System.Collections.Hashtable"
	case *Object:
		return "System.Management.Automation.PSCustomObject"
	case Type:
		return "System.RuntimeType"
	case *Regex:
		return "System.Text.RegularExpressions.Regex"
	case ScriptBlock:
		return "System.Management.Automation.ScriptBlock"
	case Typed:
		if names := x.TypeNames(); len(names) > 0 {
			return names[0]
		}
	case interface{ TypeName() string }:
		return x.TypeName()
	}
	return "System.Object"
}

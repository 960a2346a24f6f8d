package core

import (
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// propSpec is one item of a -Property list: a property name (wildcards
// allowed), a script block, or a calculated property hashtable such as
// @{Name='Dept'; Expression={$_.Department}}.
type propSpec struct {
	name string
	// expr is a property name (string) or a script block; nil for a plain
	// name, which is also its own expression.
	expr       any
	descending *bool // Sort-Object's Descending/Ascending keys
	width      int   // Format-Table's Width key
	align      string
	// out gathers the script block's output, object after object.
	out *blockOutput
}

// blockOutput gathers what a script block outputs for one object, as an
// assignment takes it, in a buffer used again for the next object.
type blockOutput struct {
	items []any
	emit  func(any) error
}

func newBlockOutput() *blockOutput {
	o := &blockOutput{}
	o.emit = func(v any) error {
		o.items = append(o.items, v)
		return nil
	}
	return o
}

// run runs the block for input and returns its output: nothing is $null,
// one value is itself, more are an array.
func (o *blockOutput) run(c cmdlet.Call, sb value.ScriptBlock, input any) (any, error) {
	o.items = o.items[:0]
	if err := c.Invoke(sb, input, o.emit); err != nil {
		return nil, err
	}
	switch len(o.items) {
	case 0:
		return nil, nil
	case 1:
		return o.items[0], nil
	}
	return append([]any(nil), o.items...), nil
}

// isWildcard reports whether a plain name is a pattern such as * or Lic*.
func (p propSpec) isWildcard() bool {
	return p.expr == nil && strings.ContainsAny(p.name, "*?[")
}

// calcKeys are the keys a calculated property may have, for each use.
var calcKeys = map[string][]string{
	"select": {"name", "label", "expression"},
	"format": {"name", "label", "expression", "width", "alignment", "formatstring"},
	"sort":   {"expression", "ascending", "descending"},
	"group":  {"expression"},
}

// parsePropSpecs reads a -Property argument. use names the cmdlet family,
// which decides the hashtable keys allowed.
func parsePropSpecs(arg any, use string) ([]propSpec, error) {
	if arg == nil {
		return nil, nil
	}
	items, ok := value.Enumerate(arg)
	if !ok {
		items = []any{arg}
	}
	specs := make([]propSpec, 0, len(items))
	for _, it := range items {
		switch x := it.(type) {
		case value.ScriptBlock:
			specs = append(specs, propSpec{name: x.ScriptText(), expr: x, out: newBlockOutput()})
		case *value.Hashtable:
			s, err := hashSpec(x, use)
			if err != nil {
				return nil, err
			}
			specs = append(specs, s)
		default:
			specs = append(specs, propSpec{name: value.ToString(x)})
		}
	}
	return specs, nil
}

// hashSpec reads a calculated property. Keys may be abbreviated to any
// unambiguous prefix (n, l, e), as PowerShell allows.
func hashSpec(h *value.Hashtable, use string) (propSpec, error) {
	var s propSpec
	hasName := false
	for _, e := range h.Entries() {
		key := strings.ToLower(value.ToString(e.Key))
		full := ""
		for _, k := range calcKeys[use] {
			if key != "" && strings.HasPrefix(k, key) {
				if full != "" {
					return s, calcError("AmbiguousKey", fmt.Sprintf("The key '%s' is ambiguous. Possible matches are %s and %s.", value.ToString(e.Key), full, k))
				}
				full = k
			}
		}
		switch full {
		case "name", "label":
			if hasName {
				return s, calcError("DuplicateKey", fmt.Sprintf("The %s key has already been specified.", full))
			}
			s.name, hasName = value.ToString(e.Value), true
		case "expression":
			if sb, ok := e.Value.(value.ScriptBlock); ok {
				s.expr, s.out = sb, newBlockOutput()
			} else {
				s.expr = value.ToString(e.Value)
			}
		case "ascending", "descending":
			d := value.ToBool(e.Value) == (full == "descending")
			s.descending = &d
		case "width":
			n, _ := value.Convert(e.Value, "int")
			s.width, _ = n.(int)
		case "alignment":
			s.align = value.ToString(e.Value)
		case "formatstring":
		default:
			return s, calcError("IllegalKey", fmt.Sprintf("The %s key is not valid.", value.ToString(e.Key)))
		}
	}
	if s.expr == nil {
		return s, calcError("MissingExpression", "The Expression key is missing.")
	}
	if !hasName {
		switch x := s.expr.(type) {
		case string:
			s.name = x
		case value.ScriptBlock:
			s.name = x.ScriptText()
		}
	}
	return s, nil
}

func calcError(id, msg string) *interp.ErrorRecord {
	rec := interp.NewError(id, "InvalidArgument", nil, msg)
	rec.Exception.Type = "System.NotSupportedException"
	return rec
}

// eval computes the spec's value for one input object: a property, or
// what the script block outputs with $_ set to it (one value as is,
// several as an array, none as $null).
func (p propSpec) eval(c cmdlet.Call, input any) (any, error) {
	switch x := p.expr.(type) {
	case value.ScriptBlock:
		return p.out.run(c, x, input)
	case string:
		v, _ := Property(input, x)
		return v, nil
	}
	v, _ := Property(input, p.name)
	return v, nil
}

// matchNames returns the names that match pattern, case-insensitively and
// with wildcards, in their order.
func matchNames(names []string, pattern string) []string {
	var out []string
	for _, n := range names {
		if value.Like(n, pattern, false) {
			out = append(out, n)
		}
	}
	return out
}

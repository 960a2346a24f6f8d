package core

import (
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func errorViewCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Get-Error",
		Module:      modUtility,
		Synopsis:    "Gets and displays the most recent error messages from the current session.",
		Description: "Get-Error shows the newest error of $Error, or the error records piped to it, in full: the exception, its category, its id and where it happened.",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "An error record, as $Error[3] or $_ in a catch block."},
			{Name: "Newest", Aliases: []string{"Last"}, Type: cmdlet.Int, Position: 1, Help: "How many of the newest errors to show."},
		},
		Outputs: "System.String",
		Examples: []cmdlet.Example{
			{Code: "Get-Error", Remarks: "Shows the last error in full."},
			{Code: "$Error[1] | Get-Error", Remarks: "Shows the error before it."},
		},
		Process: func(c cmdlet.Call) error {
			if c.Bound("InputObject") {
				c.SetState(true)
				return c.Write(errorDetail(c.Get("InputObject")))
			}
			return nil
		},
		End: func(c cmdlet.Call) error {
			if c.State() != nil {
				return nil
			}
			list, _ := c.Var("Error")
			items, _ := value.Enumerate(list)
			n := 1
			if c.Bound("Newest") {
				n = c.Int("Newest")
			}
			for i := 0; i < n && i < len(items); i++ {
				if err := c.Write(errorDetail(items[i])); err != nil {
					return err
				}
			}
			return nil
		},
	}}
}

// errorDetail renders an error record the way pwsh's Get-Error view does:
// each property on a line, and the properties of the exception and the
// invocation indented below theirs.
func errorDetail(v any) string {
	bag, ok := v.(value.PropertyBag)
	if !ok {
		return value.ToString(v)
	}
	var sb strings.Builder
	sb.WriteString("\n")
	writeDetail(&sb, bag, 0)
	return strings.TrimRight(sb.String(), "\n") + "\n"
}

// writeDetail writes a property list; nested objects go below their name,
// indented four spaces more, as Get-Error shows them.
func writeDetail(sb *strings.Builder, bag value.PropertyBag, depth int) {
	names := bag.PropertyNames()
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	indent := strings.Repeat("    ", depth)
	for _, n := range names {
		val, _ := bag.Property(n)
		if val == nil || value.ToString(val) == "" {
			continue
		}
		label := fmt.Sprintf("%s%-*s : ", indent, width, n)
		if nested, ok := detailObject(val); ok && depth < 3 {
			sb.WriteString(strings.TrimRight(label, " ") + "\n")
			writeDetail(sb, nested, depth+1)
			continue
		}
		lines := strings.Split(value.ToString(val), "\n")
		sb.WriteString(label + lines[0] + "\n")
		pad := strings.Repeat(" ", len(label))
		for _, l := range lines[1:] {
			sb.WriteString(pad + l + "\n")
		}
	}
}

// detailObject returns the property list of a value that Get-Error shows
// expanded: exceptions, the invocation info and the category info.
func detailObject(v any) (value.PropertyBag, bool) {
	switch x := v.(type) {
	case *interp.Exception:
		return exceptionBag{x}, true
	case value.PropertyBag:
		return x, true
	case *value.Object:
		return objectBag{x}, true
	}
	return nil, false
}

// objectBag shows a PSObject's properties to writeDetail.
type objectBag struct{ o *value.Object }

func (b objectBag) Property(name string) (any, bool) { return b.o.Get(name) }
func (b objectBag) PropertyNames() []string          { return b.o.Names() }

// exceptionBag shows an exception with its .NET type first, as Get-Error
// does.
type exceptionBag struct{ x *interp.Exception }

func (b exceptionBag) Property(name string) (any, bool) {
	if strings.EqualFold(name, "Type") {
		return b.x.Type, true
	}
	return b.x.Property(name)
}

func (b exceptionBag) PropertyNames() []string {
	return append([]string{"Type"}, b.x.PropertyNames()...)
}

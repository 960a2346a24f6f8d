package core

import (
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/value"
)

// helpPart is an object Get-Help outputs (the whole help, or its syntax):
// scripts read its properties, as they read pwsh's MamlCommandHelpInfo,
// and the console shows it as help text, drawn at the console's width.
type helpPart struct {
	typeNames []string
	props     *value.Object
	text      func(width int) string
}

func (h *helpPart) Property(name string) (any, bool) { return h.props.Get(name) }
func (h *helpPart) PropertyNames() []string          { return h.props.Names() }
func (h *helpPart) TypeNames() []string              { return h.typeNames }

// String is what the object reads as in a string: its properties, as for
// any PSCustomObject.
func (h *helpPart) String() string { return value.ToString(h.props) }

// helpTypeNames are the type names of Get-Help's object for each view, as
// pwsh names them; the syntax part has its own.
var helpTypeNames = map[helpView]string{
	helpDefault:  "MamlCommandHelpInfo",
	helpDetailed: "MamlCommandHelpInfo#DetailedView",
	helpFull:     "MamlCommandHelpInfo#FullView",
	helpExamples: "MamlCommandHelpInfo#ExamplesView",
}

const helpSyntaxType = "MamlCommandHelpInfo#syntax"

// helpViews show help objects as their text, as pwsh does.
func helpViews() []format.View {
	text := func(v any, width int) string {
		if h, ok := v.(*helpPart); ok {
			return h.text(width)
		}
		return value.ToString(v)
	}
	var out []format.View
	for _, name := range helpTypeNames {
		out = append(out, format.View{TypeName: name, Text: text})
	}
	return append(out, format.View{TypeName: helpSyntaxType, Text: text})
}

// newHelpInfo is Get-Help's object for a command: its name, category,
// synopsis, syntax, description, parameters and examples.
func newHelpInfo(cmd *cmdlet.Cmdlet, view helpView) *helpPart {
	names := []string{helpTypeNames[view]}
	if view != helpDefault {
		names = append(names, helpTypeNames[helpDefault])
	}
	o := value.NewObject()
	o.Set("Name", cmd.Name)
	o.Set("Category", commandType(cmd))
	o.Set("Synopsis", cmd.Synopsis)
	o.Set("ModuleName", moduleOf(cmd))
	o.Set("Syntax", syntaxPart(cmd))
	o.Set("Description", []any{textObject(cmd.Description)})
	o.Set("Parameters", parametersPart(cmd))
	o.Set("Examples", examplesPart(cmd))
	return &helpPart{
		typeNames: append(names, psObjectTypes...),
		props:     o,
		text:      func(width int) string { return helpText(cmd, view, width) },
	}
}

// textObject is a paragraph of MAML help: an object with a Text property.
func textObject(s string) *value.Object {
	o := value.NewObject("MamlParaTextItem", "System.Object")
	o.Set("Text", s)
	return o
}

// syntaxPart is the Syntax part: one syntaxItem per parameter set, shown
// as the syntax lines.
func syntaxPart(cmd *cmdlet.Cmdlet) *helpPart {
	sets := cmd.ParameterSets()
	if len(sets) == 0 {
		sets = []string{""}
	}
	items := make([]any, len(sets))
	for i, set := range sets {
		item := value.NewObject("MamlCommandHelpInfo#syntaxItem", "System.Object")
		item.Set("Name", cmd.Name)
		params := setParams(cmd, set)
		list := make([]any, len(params))
		for j, p := range params {
			list[j] = helpParameter(p)
		}
		item.Set("Parameter", list)
		items[i] = item
	}
	o := value.NewObject()
	o.Set("SyntaxItem", items)
	return &helpPart{
		typeNames: append([]string{helpSyntaxType}, psObjectTypes...),
		props:     o,
		text: func(width int) string {
			var b strings.Builder
			b.WriteString("\n")
			for i, line := range syntaxLines(cmd) {
				if i > 0 {
					b.WriteString("\n")
				}
				writeWrapped(&b, line, 0, width)
			}
			return b.String()
		},
	}
}

// helpParameter is one parameter as MAML help describes it.
func helpParameter(p *cmdlet.Param) *value.Object {
	o := value.NewObject("MamlCommandHelpInfo#parameter", "System.Object")
	position := "named"
	if p.Position > 0 {
		position = fmt.Sprint(p.Position - 1)
	}
	aliases := "None"
	if len(p.Aliases) > 0 {
		aliases = strings.Join(p.Aliases, ", ")
	}
	o.Set("Name", p.Name)
	o.Set("Type", typeName(p))
	o.Set("Required", strings.ToLower(fmt.Sprint(p.Mandatory)))
	o.Set("Position", position)
	o.Set("PipelineInput", pipelineText(p))
	o.Set("Aliases", aliases)
	o.Set("Description", []any{textObject(p.Help)})
	return o
}

func parametersPart(cmd *cmdlet.Cmdlet) *value.Object {
	list := make([]any, len(cmd.Params))
	for i, p := range cmd.Params {
		list[i] = helpParameter(p)
	}
	o := value.NewObject("MamlCommandHelpInfo#parameters", "System.Object")
	o.Set("Parameter", list)
	return o
}

func examplesPart(cmd *cmdlet.Cmdlet) *value.Object {
	list := make([]any, len(cmd.Examples))
	for i, ex := range cmd.Examples {
		e := value.NewObject("MamlCommandHelpInfo#example", "System.Object")
		e.Set("Title", fmt.Sprintf("-------------------------- EXAMPLE %d --------------------------", i+1))
		e.Set("Code", ex.Code)
		e.Set("Remarks", []any{textObject(ex.Remarks)})
		list[i] = e
	}
	o := value.NewObject("MamlCommandHelpInfo#examples", "System.Object")
	o.Set("Example", list)
	return o
}

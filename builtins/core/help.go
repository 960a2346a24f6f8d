package core

import (
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
)

// helpView is which parts of a cmdlet's help Get-Help shows.
type helpView int

const (
	helpDefault helpView = iota
	helpDetailed
	helpFull
	helpExamples
)

// helpText renders a cmdlet's help in Get-Help's layout, from its
// declaration.
func helpText(cmd *cmdlet.Cmdlet, view helpView, width int) string {
	var b strings.Builder
	section := func(title string) { b.WriteString("\n" + title + "\n") }
	b.WriteString("\nNAME\n    " + cmd.Name + "\n")
	section("SYNOPSIS")
	writeWrapped(&b, cmd.Synopsis, 4, width)
	if view == helpExamples {
		b.WriteString("\n")
		writeExamples(&b, cmd, width)
		return b.String()
	}
	b.WriteString("\n")
	section("SYNTAX")
	for i, line := range syntaxLines(cmd) {
		if i > 0 {
			b.WriteString("\n")
		}
		writeWrapped(&b, line, 4, width)
	}
	b.WriteString("\n")
	section("DESCRIPTION")
	writeWrapped(&b, cmd.Description, 4, width)
	b.WriteString("\n")
	if view == helpDetailed || view == helpFull {
		section("PARAMETERS")
		for _, p := range cmd.Params {
			writeParamHelp(&b, cmd, p, width, view == helpFull)
		}
		b.WriteString("    <CommonParameters>\n")
		writeWrapped(&b, "This cmdlet supports the common parameters: Verbose, Debug, ErrorAction, ErrorVariable, WarningAction, WarningVariable, OutBuffer, PipelineVariable, and OutVariable. For more information, see about_CommonParameters (https://go.microsoft.com/fwlink/?LinkID=113216).", 8, width)
		b.WriteString("\n")
		if view == helpFull {
			section("INPUTS")
			writeWrapped(&b, pipelineInputs(cmd), 4, width)
			b.WriteString("\n")
			section("OUTPUTS")
			if cmd.Outputs != "" {
				writeWrapped(&b, cmd.Outputs, 4, width)
			}
			b.WriteString("\n")
		}
		writeExamples(&b, cmd, width)
	}
	section("RELATED LINKS")
	if view == helpDefault {
		section("REMARKS")
		fmt.Fprintf(&b, "    To see the examples, type: \"Get-Help %s -Examples\".\n", cmd.Name)
		fmt.Fprintf(&b, "    For more information, type: \"Get-Help %s -Detailed\".\n", cmd.Name)
		fmt.Fprintf(&b, "    For technical information, type: \"Get-Help %s -Full\".\n", cmd.Name)
	}
	b.WriteString("\n")
	return b.String()
}

func writeExamples(b *strings.Builder, cmd *cmdlet.Cmdlet, width int) {
	for i, ex := range cmd.Examples {
		fmt.Fprintf(b, "    -------------------------- EXAMPLE %d --------------------------\n\n", i+1)
		b.WriteString("    PS > " + ex.Code + "\n\n")
		if ex.Remarks != "" {
			writeWrapped(b, ex.Remarks, 4, width)
		}
		b.WriteString("\n\n")
	}
}

// writeParamHelp is one parameter's entry: its syntax, help text and
// attributes table. Get-Help -Parameter shows the same entry.
func writeParamHelp(b *strings.Builder, cmd *cmdlet.Cmdlet, p *cmdlet.Param, width int, attrs bool) {
	head := "    -" + p.Name
	if !p.IsSwitch() {
		head += " " + typeSyntax(p)
	}
	b.WriteString(head + "\n")
	if p.Help != "" {
		writeWrapped(b, p.Help, 8, width)
	}
	b.WriteString("\n")
	if !attrs {
		return
	}
	position := "named"
	if p.Position > 0 {
		position = fmt.Sprint(p.Position - 1)
	}
	row := func(name, val string) { fmt.Fprintf(b, "        %-29s%s\n", name, val) }
	row("Required?", strings.ToLower(fmt.Sprint(p.Mandatory)))
	row("Position?", position)
	row("Default value", "None")
	row("Accept pipeline input?", pipelineText(p))
	row("Parameter set name", setNames(p))
	aliases := "None"
	if len(p.Aliases) > 0 {
		aliases = strings.Join(p.Aliases, ", ")
	}
	row("Aliases", aliases)
	row("Accept wildcard characters?", "false")
	b.WriteString("\n")
}

func pipelineText(p *cmdlet.Param) string {
	switch {
	case p.ValueFromPipeline && p.ValueFromPipelineByPropertyName:
		return "true (ByValue, ByPropertyName)"
	case p.ValueFromPipeline:
		return "true (ByValue)"
	case p.ValueFromPipelineByPropertyName:
		return "true (ByPropertyName)"
	}
	return "false"
}

func setNames(p *cmdlet.Param) string {
	if len(p.Sets) == 0 {
		return "(All)"
	}
	return strings.Join(p.Sets, ", ")
}

// pipelineInputs lists the types the cmdlet takes from the pipeline.
func pipelineInputs(cmd *cmdlet.Cmdlet) string {
	var types []string
	for _, p := range cmd.Params {
		if p.ValueFromPipeline || p.ValueFromPipelineByPropertyName {
			types = append(types, typeName(p))
		}
	}
	if len(types) == 0 {
		return "None"
	}
	return strings.Join(types, "\n")
}

// writeWrapped writes text indented, wrapping at word boundaries so no line
// is wider than width.
func writeWrapped(b *strings.Builder, text string, indent, width int) {
	pad := strings.Repeat(" ", indent)
	limit := max(width-indent-1, 20)
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len([]rune(line))+1+len([]rune(word)) > limit {
				b.WriteString(pad + line + "\n")
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		b.WriteString(pad + line + "\n")
	}
}

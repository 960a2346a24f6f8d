package core

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func metaCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Command",
			Module:      modCore,
			Aliases:     []string{"gcm"},
			Synopsis:    "Gets all commands.",
			Description: "Get-Command lists the commands of the session (cmdlets, functions and aliases), filtered by name (wildcards allowed), verb or noun. With -Syntax it shows how to call them.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The command names; wildcards are allowed."},
				{Name: "Verb", Type: cmdlet.Strings, Help: "Gets the commands with these verbs."},
				{Name: "Noun", Type: cmdlet.Strings, Help: "Gets the commands with these nouns."},
				{Name: "CommandType", Aliases: []string{"Type"}, Type: cmdlet.Strings, ValidateSet: []string{"Alias", "Function", "Cmdlet", "All"}, Help: "Gets only commands of these types."},
				{Name: "Module", Type: cmdlet.Strings, Help: "Gets the commands of these modules."},
				{Name: "Syntax", Type: cmdlet.Switch, Help: "Shows the syntax of the commands."},
				{Name: "TotalCount", Type: cmdlet.Int, Help: "How many commands to get."},
				{Name: "All", Type: cmdlet.Switch, Help: "Accepted; every command is listed."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Command *License*", Remarks: "Lists the commands about licenses."},
				{Code: "Get-Command Set-UserLicense -Syntax", Remarks: "Shows how to call Set-UserLicense."},
			},
			Process: getCommand,
		},
		{
			Name:        "Get-Alias",
			Module:      modUtility,
			Aliases:     []string{"gal"},
			Synopsis:    "Gets the aliases for the current session.",
			Description: "Get-Alias lists the aliases of the session's commands, sorted by name: those matching -Name (wildcards allowed), or standing for the commands -Definition names, less those -Exclude matches.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The aliases to get; wildcards are allowed. All of them when left out."},
				{Name: "Definition", Type: cmdlet.Strings, Help: "Gets the aliases of these commands; wildcards are allowed."},
				{Name: "Exclude", Type: cmdlet.Strings, Help: "Leaves out the aliases these names match."},
				{Name: "Scope", Type: cmdlet.String, ValidateSet: scopeNames, Help: "Accepted: the aliases are the session's, in every scope."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Alias -Definition Where-Object", Remarks: "The aliases of Where-Object."},
				{Code: "Get-Alias ls, gci", Remarks: "What two aliases stand for."},
			},
			Process: getAlias,
		},
		{
			Name:        "Get-Help",
			Module:      modCore,
			Aliases:     []string{"help", "man"},
			Synopsis:    "Displays information about PowerShell commands and concepts.",
			Description: "Get-Help shows a command's help: its synopsis, syntax and description, with -Detailed or -Full its parameters and examples, with -Examples only the examples and with -Parameter one parameter.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The command to show help for; wildcards list the matching commands."},
				{Name: "Full", Type: cmdlet.Switch, Sets: []string{"AllUsersView"}, Help: "Shows the whole help."},
				{Name: "Detailed", Type: cmdlet.Switch, Sets: []string{"DetailedView"}, Help: "Adds the parameters and examples."},
				{Name: "Examples", Type: cmdlet.Switch, Sets: []string{"Examples"}, Help: "Shows only the examples."},
				{Name: "Parameter", Type: cmdlet.Strings, Sets: []string{"Parameters"}, Help: "Shows only these parameters."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Help Set-UserLicense -Examples", Remarks: "Shows how Set-UserLicense is used."},
			},
			Process: getHelp,
		},
		{
			Name:        "Get-Member",
			Module:      modUtility,
			Aliases:     []string{"gm"},
			Synopsis:    "Gets the properties and methods of objects.",
			Description: "Get-Member lists the members of each distinct type of object it receives: name, member type and definition.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to describe."},
				{Name: "Name", Type: cmdlet.Strings, Position: 1, Help: "Only the members with these names; wildcards are allowed."},
				{Name: "MemberType", Aliases: []string{"Type"}, Type: cmdlet.Strings, Help: "Only members of these types, such as NoteProperty or Method."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted; hidden members are not listed."},
				{Name: "Static", Type: cmdlet.Switch, Help: "Accepted; static members are not listed."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-User | Get-Member", Remarks: "Lists the properties of user objects."},
			},
			Process: getMember,
			End: func(c cmdlet.Call) error {
				if c.State() == nil {
					rec := interp.NewError(CommandID("NoObjectInGetMember", c.Cmdlet().Name), "CloseError", nil,
						"You must specify an object for the Get-Member cmdlet.")
					rec.Exception.Type = "System.InvalidOperationException"
					return c.WriteError(rec)
				}
				return nil
			},
		},
	}
}

func commandType(cmd *cmdlet.Cmdlet) string {
	if cmd.Source != "" && !strings.HasSuffix(strings.ToLower(cmd.Source), ".go") {
		return "Function"
	}
	return "Cmdlet"
}

// moduleOf is the Source Get-Command shows for a command: the module its
// declaration names, the file of a Go cmdlet that names none, nothing for
// a function.
func moduleOf(cmd *cmdlet.Cmdlet) string {
	if cmd.Module == "" && commandType(cmd) == "Cmdlet" {
		return cmd.Source
	}
	return cmd.Module
}

// moduleFinder finds a module by name: the session's (Runner), which
// knows the script modules it imported, or the registry's.
type moduleFinder interface {
	Module(name string) *interp.Module
}

// versionOf is the version Get-Command shows for a command: its module's,
// 1.0.0.0 for a Go cmdlet's file or a module without one.
func versionOf(reg moduleFinder, cmd *cmdlet.Cmdlet) string {
	if moduleOf(cmd) == "" {
		return ""
	}
	if m := reg.Module(cmd.Module); m != nil && m.Version != "" {
		return m.Version
	}
	return "1.0.0.0"
}

func commandInfo(reg moduleFinder, cmd *cmdlet.Cmdlet) *value.Object {
	source, version := moduleOf(cmd), versionOf(reg, cmd)
	o := value.NewObject("System.Management.Automation.CmdletInfo", "System.Management.Automation.CommandInfo", "System.Object")
	o.Set("CommandType", commandType(cmd))
	o.Set("Name", cmd.Name)
	o.Set("Version", version)
	o.Set("Source", source)
	verb, noun, _ := strings.Cut(cmd.Name, "-")
	o.Set("Verb", verb)
	o.Set("Noun", noun)
	o.Set("ModuleName", source)
	o.Set("Definition", "\n"+strings.Join(syntaxLines(cmd), "\n\n")+"\n")
	return o
}

// aliasInfo describes an alias as pwsh's AliasInfo does: its Name, what it
// stands for (Definition, ResolvedCommandName), that command's own info
// (ReferencedCommand, ResolvedCommand), and the "gc -> Get-Content" form
// (DisplayName) the command table shows under Name.
func aliasInfo(reg moduleFinder, alias string, cmd *cmdlet.Cmdlet) *value.Object {
	o := value.NewObject("System.Management.Automation.AliasInfo", "System.Management.Automation.CommandInfo", "System.Object")
	target := commandInfo(reg, cmd)
	// PowerShell's own aliases belong to no module; a module's, such as
	// Connect-Graph, to the module.
	source, version := "", ""
	if !strings.HasPrefix(cmd.Module, "Microsoft.PowerShell.") {
		source, version = moduleOf(cmd), versionOf(reg, cmd)
	}
	o.Set("CommandType", "Alias")
	o.Set("Name", alias)
	o.Set("Version", version)
	o.Set("Source", source)
	o.Set("DisplayName", alias+" -> "+cmd.Name)
	o.Set("Definition", cmd.Name)
	o.Set("ResolvedCommandName", cmd.Name)
	o.Set("ReferencedCommand", target)
	o.Set("ResolvedCommand", target)
	return o
}

// commandMatch is one command Get-Command found: a command, or an alias of
// one.
type commandMatch struct {
	alias string
	cmd   *cmdlet.Cmdlet
}

func (m commandMatch) name() string {
	if m.alias != "" {
		return m.alias
	}
	return m.cmd.Name
}

func getCommand(c cmdlet.Call) error {
	names := c.Strings("Name")
	all := interp.Inner(c).Commands()
	var found []commandMatch
	for _, cmd := range all {
		found = append(found, commandMatch{cmd: cmd})
		for _, a := range cmd.Aliases {
			found = append(found, commandMatch{alias: a, cmd: cmd})
		}
	}
	found = filterCommands(c, found)
	var out []commandMatch
	if names == nil {
		for _, m := range found {
			if m.alias == "" || c.Bound("CommandType") {
				out = append(out, m)
			}
		}
	}
	for _, pattern := range names {
		hit := false
		for _, m := range found {
			if value.Like(m.name(), pattern, false) {
				out, hit = append(out, m), true
			}
		}
		if !hit && !strings.ContainsAny(pattern, "*?[") {
			rec := interp.NewError(CommandID("CommandNotFoundException", c.Cmdlet().Name), "ObjectNotFound", pattern,
				interp.Inner(c).Runner().Registry().CommandNotFound(pattern))
			rec.Exception.Type = "System.Management.Automation.CommandNotFoundException"
			if err := c.WriteError(rec); err != nil {
				return err
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.ToLower(out[i].name()) < strings.ToLower(out[j].name())
	})
	if c.Bound("TotalCount") && c.Int("TotalCount") >= 0 {
		out = out[:min(c.Int("TotalCount"), len(out))]
	}
	reg := interp.Inner(c).Runner()
	for _, m := range out {
		var v any
		switch {
		case c.Switch("Syntax") && m.alias != "":
			v = m.alias + " (alias) -> " + m.cmd.Name + "\n\n" + strings.Join(syntaxLines(m.cmd), "\n\n") + "\n"
		case c.Switch("Syntax"):
			v = "\n" + strings.Join(syntaxLines(m.cmd), "\n\n") + "\n"
		case m.alias != "":
			v = aliasInfo(reg, m.alias, m.cmd)
		default:
			v = commandInfo(reg, m.cmd)
		}
		if err := c.Write(v); err != nil {
			return err
		}
	}
	return nil
}

func getAlias(c cmdlet.Call) error {
	type alias struct {
		name string
		cmd  *cmdlet.Cmdlet
	}
	var all []alias
	for _, cmd := range interp.Inner(c).Commands() {
		for _, a := range cmd.Aliases {
			if matchesAny(cmd.Name, c.Strings("Definition")) && !slices.ContainsFunc(c.Strings("Exclude"), func(p string) bool { return value.Like(a, p, false) }) {
				all = append(all, alias{a, cmd})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return strings.ToLower(all[i].name) < strings.ToLower(all[j].name) })
	names := c.Strings("Name")
	if names == nil {
		names = []string{"*"}
	}
	reg := interp.Inner(c).Runner()
	var out []alias
	for _, pattern := range names {
		hit := false
		for _, a := range all {
			if value.Like(a.name, pattern, false) {
				out, hit = append(out, a), true
			}
		}
		if !hit && !strings.ContainsAny(pattern, "*?[") && !c.Bound("Definition") {
			rec := interp.NewError(CommandID("ItemNotFoundException", c.Cmdlet().Name), "ObjectNotFound", pattern,
				fmt.Sprintf("This command cannot find a matching alias because an alias with the name '%s' does not exist.", pattern))
			rec.Exception.Type = "System.Management.Automation.ItemNotFoundException"
			if err := c.WriteError(rec); err != nil {
				return err
			}
		}
	}
	for _, a := range out {
		if err := c.Write(aliasInfo(reg, a.name, a.cmd)); err != nil {
			return err
		}
	}
	return nil
}

// filterCommands applies -Verb, -Noun, -CommandType and -Module.
func filterCommands(c cmdlet.Call, found []commandMatch) []commandMatch {
	var out []commandMatch
	for _, m := range found {
		verb, noun, _ := strings.Cut(m.cmd.Name, "-")
		if (c.Bound("Verb") || c.Bound("Noun")) && m.alias != "" {
			continue
		}
		kind := commandType(m.cmd)
		if m.alias != "" {
			kind = "Alias"
		}
		types := c.Strings("CommandType")
		if matchesAny(verb, c.Strings("Verb")) && matchesAny(noun, c.Strings("Noun")) &&
			(types == nil || matchesAny(kind, types) || matchesAny("All", types)) &&
			matchesAny(moduleOf(m.cmd), c.Strings("Module")) {
			out = append(out, m)
		}
	}
	return out
}

func getHelp(c cmdlet.Call) error {
	name := c.String("Name")
	if name == "" {
		name = "Get-Help"
	}
	width := interp.Inner(c).Host().Width
	if width <= 0 {
		width = 120
	}
	if strings.ContainsAny(name, "*?[") {
		return helpList(c, name)
	}
	cmd := interp.Inner(c).Command(name)
	if cmd == nil {
		rec := interp.NewError(CommandID("HelpNotFound", c.Cmdlet().Name), "ResourceUnavailable", name,
			fmt.Sprintf("Get-Help could not find %s in a help file in this session. To download updated help topics type: \"Update-Help\". To get help online, search for the help topic in the TechNet library at https:/go.microsoft.com/fwlink/?LinkID=107116.", name))
		rec.Exception.Type = "Microsoft.PowerShell.Commands.HelpNotFoundException"
		return c.WriteError(rec)
	}
	if c.Bound("Parameter") {
		return paramHelp(c, cmd, width)
	}
	view := helpDefault
	switch {
	case c.Switch("Full"):
		view = helpFull
	case c.Switch("Detailed"):
		view = helpDetailed
	case c.Switch("Examples"):
		view = helpExamples
	}
	return c.Write(newHelpInfo(cmd, view))
}

func paramHelp(c cmdlet.Call, cmd *cmdlet.Cmdlet, width int) error {
	for _, pattern := range c.Strings("Parameter") {
		var b strings.Builder
		for _, p := range cmd.Params {
			if value.Like(p.Name, pattern, false) {
				b.WriteString("\n")
				writeParamHelp(&b, cmd, p, width, true)
			}
		}
		if b.Len() == 0 {
			rec := interp.NewError(CommandID("NoParmsFound", c.Cmdlet().Name), "InvalidArgument", pattern,
				fmt.Sprintf("No parameter matches criteria %s.", pattern))
			rec.Exception.Type = "System.ArgumentException"
			if err := c.WriteError(rec); err != nil {
				return err
			}
			continue
		}
		if err := c.Write(b.String()); err != nil {
			return err
		}
	}
	return nil
}

// helpList is Get-Help with a wildcard: one row per matching command.
func helpList(c cmdlet.Call, pattern string) error {
	for _, cmd := range interp.Inner(c).Commands() {
		if !value.Like(cmd.Name, pattern, false) {
			continue
		}
		o := value.NewObject("HelpInfoShort", "System.Object")
		o.Set("Name", cmd.Name)
		o.Set("Category", commandType(cmd))
		o.Set("Module", moduleOf(cmd))
		o.Set("Synopsis", cmd.Synopsis)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

// getMember describes the first object of each type.
func getMember(c cmdlet.Call) error {
	input := c.Get("InputObject")
	if !c.HasInput() && !c.Bound("InputObject") {
		return nil
	}
	seen, _ := c.State().(map[string]bool)
	if seen == nil {
		seen = map[string]bool{}
		c.SetState(seen)
	}
	if input == nil {
		return nil
	}
	typeName := typeNames(input)[0]
	if seen[typeName] {
		return nil
	}
	seen[typeName] = true
	for _, m := range members(input) {
		if !matchesAny(m.name, c.Strings("Name")) || !matchesAny(m.kind, c.Strings("MemberType")) {
			continue
		}
		o := value.NewObject("Microsoft.PowerShell.Commands.MemberDefinition", "System.Object")
		o.Set("TypeName", typeName)
		o.Set("Name", m.name)
		o.Set("MemberType", m.kind)
		o.Set("Definition", m.def)
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func matchesAny(s string, patterns []string) bool {
	if patterns == nil {
		return true
	}
	for _, p := range patterns {
		if value.Like(s, p, false) {
			return true
		}
	}
	return false
}

// memberDef is one row of Get-Member.
type memberDef struct{ name, kind, def string }

// members lists v's members as Get-Member shows them: sorted by member
// type, then by name.
func members(v any) []memberDef {
	out := []memberDef{
		{"Equals", "Method", "bool Equals(System.Object obj)"},
		{"GetHashCode", "Method", "int GetHashCode()"},
		{"GetType", "Method", "type GetType()"},
		{"ToString", "Method", "string ToString()"},
	}
	_, isObject := v.(*value.Object)
	for _, n := range PropertyNames(v) {
		pv, _ := Property(v, n)
		if isObject {
			out = append(out, memberDef{n, "NoteProperty", shortTypeName(pv) + " " + n + "=" + memberValue(pv)})
		} else {
			out = append(out, memberDef{n, "Property", shortTypeName(pv) + " " + n + " {get;}"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return out[i].kind < out[j].kind
		}
		return strings.ToLower(out[i].name) < strings.ToLower(out[j].name)
	})
	return out
}

// shortTypeName is a type as member definitions write it: the C# keyword
// for the common types.
func shortTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "object"
	case string:
		return "string"
	case bool:
		return "bool"
	case int:
		return "int"
	case int64:
		return "long"
	case float64:
		return "double"
	case time.Time:
		return "datetime"
	case time.Duration:
		return "timespan"
	case []any:
		return "Object[]"
	}
	return value.TypeName(v)
}

func memberValue(v any) string {
	if v == nil {
		return "null"
	}
	return value.ToString(v)
}

package syntax

import (
	"sort"
	"strings"
)

// Requires is a #requires statement: what a script needs before it may
// run. PowerShell reads it from a comment that starts a line.
type Requires struct {
	Span
	// Version is the PowerShell version -Version asks for, as written
	// ("5.1"); "" when the statement has none.
	Version string
	// Modules are the modules -Modules names.
	Modules []RequiredModule
	// PSEdition is "Core" or "Desktop" when -PSEdition is given.
	PSEdition string
	// RunAsAdministrator is set by -RunAsAdministrator.
	RunAsAdministrator bool
}

// RequiredModule is one module of #requires -Modules: a name, or a
// hashtable with ModuleName and one of ModuleVersion, RequiredVersion and
// MaximumVersion.
type RequiredModule struct {
	Name            string
	MinimumVersion  string // ModuleVersion
	RequiredVersion string
	MaximumVersion  string
}

const requiresFormat = "Cannot process the #requires statement because it is not in the correct format.\n" +
	"The #requires statement must be in one of the following formats:\n" +
	" \"#requires -shellid <shellID>\"\n" +
	" \"#requires -version <major.minor>\"\n" +
	" \"#requires -psedition <edition>\"\n" +
	" \"#requires -pssnapin <psSnapInName> [-version <major.minor>]\"\n" +
	" \"#requires -modules <ModuleSpecification>\"\n" +
	" \"#requires -runasadministrator\""

// noteRequires reads the comment src[start:end] when it is a #requires
// statement at the start of its line.
func (p *parser) noteRequires(start, end int) {
	const kw = "#requires"
	if end-start < len(kw) || !strings.EqualFold(p.src[start:start+len(kw)], kw) {
		return
	}
	if end-start > len(kw) && !isBlank(p.at(start+len(kw))) {
		return
	}
	for j := start - 1; j >= 0 && !isNewline(p.at(j)); j-- {
		if !isBlank(rune(p.src[j])) {
			return
		}
	}
	if _, seen := p.requires[start]; seen {
		return
	}
	req, ok := parseRequires(p.src[start+len(kw) : end])
	if !ok {
		p.failAt(start, end, "ScriptRequiresInvalidFormat", requiresFormat, false)
	}
	req.Span = p.span(start, end)
	if p.requires == nil {
		p.requires = map[int]*Requires{}
	}
	p.requires[start] = req
}

// requirements returns the #requires statements in source order.
func (p *parser) requirements() []*Requires {
	out := make([]*Requires, 0, len(p.requires))
	for _, r := range p.requires {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Offset < out[j].Start.Offset })
	return out
}

// parseRequires reads the parameters of a #requires statement, which are
// written as a command's: -Version 5.1, -Modules A, @{ModuleName='B'; ...}.
func parseRequires(args string) (*Requires, bool) {
	f, err := Parse("", "requires "+args)
	if err != nil || len(f.Body.End) != 1 {
		return nil, false
	}
	ps, ok := f.Body.End[0].(*PipelineStmt)
	if !ok || len(ps.Pipeline.Elements) != 1 || len(ps.Chain) > 0 {
		return nil, false
	}
	cmd, ok := ps.Pipeline.Elements[0].(*Command)
	if !ok || len(cmd.Redirections) > 0 {
		return nil, false
	}
	req := &Requires{}
	elems := cmd.Args
	for i := 0; i < len(elems); i++ {
		prm, ok := elems[i].(*CommandParameter)
		if !ok {
			return nil, false
		}
		arg := prm.Arg
		name := strings.ToLower(prm.Name)
		if arg == nil && name != "runasadministrator" {
			if i+1 >= len(elems) {
				return nil, false
			}
			next, ok := elems[i+1].(*CommandArgument)
			if !ok || next.Splat {
				return nil, false
			}
			arg = next.Value
			i++
		}
		switch name {
		case "version":
			v, ok := constText(arg)
			if !ok {
				return nil, false
			}
			req.Version = v
		case "psedition":
			v, ok := constText(arg)
			if !ok {
				return nil, false
			}
			req.PSEdition = v
		case "runasadministrator":
			req.RunAsAdministrator = true
		case "modules":
			mods, ok := requiredModules(arg)
			if !ok {
				return nil, false
			}
			req.Modules = append(req.Modules, mods...)
		case "shellid", "pssnapin":
			if _, ok := constText(arg); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return req, true
}

// constText is the text of a literal: a word, a quoted string or a number
// as written.
func constText(x Expr) (string, bool) {
	switch c := x.(type) {
	case *StringConst:
		return c.Value, true
	case *NumberConst:
		return c.Text, true
	}
	return "", false
}

// requiredModules reads the module list of -Modules.
func requiredModules(x Expr) ([]RequiredModule, bool) {
	items := []Expr{x}
	if a, ok := x.(*ArrayLiteral); ok {
		items = a.Elems
	}
	var out []RequiredModule
	for _, it := range items {
		if name, ok := constText(it); ok {
			out = append(out, RequiredModule{Name: name})
			continue
		}
		h, ok := it.(*HashtableExpr)
		if !ok {
			return nil, false
		}
		var m RequiredModule
		for _, kv := range h.Pairs {
			key, ok := constText(kv.Key)
			if !ok {
				return nil, false
			}
			var val string
			ok = false
			if ps, isPipe := kv.Value.(*PipelineStmt); isPipe && len(ps.Pipeline.Elements) == 1 {
				if ce, isExpr := ps.Pipeline.Elements[0].(*CommandExpr); isExpr {
					val, ok = constText(ce.X)
				}
			}
			if !ok {
				return nil, false
			}
			switch strings.ToLower(key) {
			case "modulename":
				m.Name = val
			case "moduleversion":
				m.MinimumVersion = val
			case "requiredversion":
				m.RequiredVersion = val
			case "maximumversion":
				m.MaximumVersion = val
			case "guid":
			default:
				return nil, false
			}
		}
		if m.Name == "" {
			return nil, false
		}
		out = append(out, m)
	}
	return out, true
}

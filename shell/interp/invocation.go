package interp

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"licsh/shell/value"
)

// commandRef is $MyInvocation.MyCommand: the function or script being
// run. It prints as its name, as PowerShell's CommandInfo does.
type commandRef struct {
	name, kind, path, module string
	b                        *ScriptBlock
}

func (m *commandRef) String() string { return m.name }

// TypeNames gives the command's .NET type.
func (m *commandRef) TypeNames() []string {
	if m.kind == "ExternalScript" {
		return []string{"System.Management.Automation.ExternalScriptInfo", "System.Management.Automation.CommandInfo", "System.Object"}
	}
	return []string{"System.Management.Automation.FunctionInfo", "System.Management.Automation.CommandInfo", "System.Object"}
}

// Property exposes Name, CommandType, Path, Source, Definition and the
// rest scripts read.
func (m *commandRef) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "name":
		return m.name, true
	case "commandtype":
		return m.kind, true
	case "path":
		return m.path, true
	case "source":
		if m.kind == "ExternalScript" {
			return m.path, true
		}
		return m.module, true
	case "modulename":
		return m.module, true
	case "definition":
		if m.kind == "ExternalScript" {
			return m.path, true
		}
		if m.b != nil {
			return m.b.ScriptText(), true
		}
		return "", true
	case "scriptblock":
		if m.b != nil {
			return m.b, true
		}
		return nil, true
	}
	return nil, false
}

// PropertyNames lists the command's properties.
func (m *commandRef) PropertyNames() []string {
	return []string{"CommandType", "Name", "Path", "Source", "ModuleName", "Definition"}
}

// invocation builds $MyInvocation for a call of a script or function.
func (c *Call) invocation(b *ScriptBlock, bound *value.Hashtable) *value.Object {
	ref := &commandRef{name: c.cmd.Name, kind: "Function", module: c.cmd.Module, b: b}
	if b.path != "" {
		ref.name, ref.kind, ref.path = filepath.Base(b.path), "ExternalScript", b.path
	}
	ii := value.NewObject("System.Management.Automation.InvocationInfo")
	ii.Set("MyCommand", ref)
	ii.Set("BoundParameters", bound)
	ii.Set("UnboundArguments", append([]any{}, c.extra...))
	line, text, offset, script := 0, "", 0, ""
	if c.file != nil && c.at.Start.Line > 0 {
		line = c.at.Start.Line
		offset = c.at.Start.Col
		text = sourceLine(c.file.Src, c.at.Start.Offset)
	}
	if p, ok := c.scope.valueOf("PSCommandPath").(string); ok {
		script = p
	}
	ii.Set("ScriptLineNumber", line)
	ii.Set("OffsetInLine", offset)
	ii.Set("HistoryId", 1)
	ii.Set("ScriptName", script)
	ii.Set("Line", text)
	ii.Set("PositionMessage", "")
	root := ""
	if script != "" {
		root = filepath.Dir(script)
	}
	ii.Set("PSScriptRoot", root)
	ii.Set("PSCommandPath", script)
	ii.Set("InvocationName", c.invocationName())
	ii.Set("PipelineLength", 1)
	ii.Set("PipelinePosition", 1)
	ii.Set("ExpectingInput", c.hasInput)
	ii.Set("CommandOrigin", "Internal")
	return ii
}

// invocationName is the command name as the caller wrote it: an alias,
// a path, or & for a script block.
func (c *Call) invocationName() string {
	if c.file == nil || c.at.End.Offset <= c.at.Start.Offset || c.at.End.Offset > len(c.file.Src) {
		return c.cmd.Name
	}
	text := strings.TrimSpace(c.file.Src[c.at.Start.Offset:c.at.End.Offset])
	if i := strings.IndexFunc(text, unicode.IsSpace); i > 0 {
		text = text[:i]
	}
	if text == "" {
		return c.cmd.Name
	}
	return text
}

// psCmdlet is $PSCmdlet in an advanced function: the function's call, with
// the methods scripts use to ask ShouldProcess and to write errors.
type psCmdlet struct {
	c  *Call
	ii *value.Object
}

// TypeNames gives $PSCmdlet's .NET type.
func (p *psCmdlet) TypeNames() []string {
	return []string{"System.Management.Automation.PSScriptCmdlet", "System.Management.Automation.PSCmdlet",
		"System.Management.Automation.Cmdlet", "System.Object"}
}

// Property exposes ParameterSetName and MyInvocation.
func (p *psCmdlet) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "parametersetname":
		if p.c.set == "" {
			return "__AllParameterSets", true
		}
		return p.c.set, true
	case "myinvocation":
		return p.ii, true
	case "commandruntime":
		return p.c.cmd.Name, true
	}
	return nil, false
}

// PropertyNames lists $PSCmdlet's properties.
func (p *psCmdlet) PropertyNames() []string {
	return []string{"ParameterSetName", "MyInvocation", "CommandRuntime"}
}

func (p *psCmdlet) String() string { return p.c.cmd.Name }

// cmdletMethod runs a method of $PSCmdlet.
func (r *Runner) cmdletMethod(ctx context.Context, p *psCmdlet, name string, args []any) (any, error) {
	c := p.c
	str := func(i int) string {
		if i < len(args) {
			return value.ToString(args[i])
		}
		return ""
	}
	// A prompt that cannot be shown fails inside the .NET method, which
	// PowerShell reports as the method's exception.
	asked := func(ok bool, err error) (any, error) {
		var rec *ErrorRecord
		if errors.As(err, &rec) && rec.ID == "HostException" {
			wrapped := NewError("MethodInvocationException", "NotSpecified", nil,
				fmt.Sprintf("Exception calling \"%s\" with \"%d\" argument(s): \"%s\"", name, len(args), rec.Error()))
			wrapped.Exception.Type = "System.Management.Automation.MethodInvocationException"
			wrapped.Exception.Inner = rec.Exception
			return nil, wrapped
		}
		return ok, err
	}
	switch strings.ToLower(name) {
	case "shouldprocess":
		switch len(args) {
		case 1:
			return asked(r.shouldProcess(c, str(0), c.cmd.Name))
		case 2:
			return asked(r.shouldProcess(c, str(0), str(1)))
		case 3, 4:
			return asked(r.askShouldProcess(c, str(0), str(1), str(2)))
		}
	case "shouldcontinue":
		if len(args) >= 2 {
			return asked(r.shouldContinue(c, str(0), str(1)))
		}
	case "writeobject":
		if len(args) == 1 || len(args) == 2 {
			if len(args) == 2 && value.ToBool(args[1]) {
				return nil, c.WriteAll(args[0])
			}
			return nil, c.Write(args[0])
		}
	case "writeerror":
		if len(args) == 1 {
			return nil, c.WriteError(recordArg(args[0]))
		}
	case "throwterminatingerror":
		if len(args) == 1 {
			rec := *recordArg(args[0])
			rec.fatal = true
			if rec.Command == "" {
				rec.Command = c.cmd.Name
			}
			return nil, &rec
		}
	case "writeverbose":
		c.WriteVerbose(str(0))
		return nil, nil
	case "writewarning":
		c.WriteWarning(str(0))
		return nil, nil
	case "writedebug":
		c.WriteDebug(str(0))
		return nil, nil
	case "writeinformation", "writeprogress":
		return nil, nil
	default:
		return nil, NewError("MethodNotFound", "InvalidOperation", nil,
			fmt.Sprintf("Method invocation failed because [System.Management.Automation.PSScriptCmdlet] does not contain a method named '%s'.", name))
	}
	return nil, NewError("MethodCountCouldNotFindBest", "NotSpecified", nil,
		fmt.Sprintf("Cannot find an overload for \"%s\" and the argument count: \"%d\".", name, len(args)))
}

// recordArg turns what a script passes to WriteError into an error record.
func recordArg(v any) *ErrorRecord {
	switch x := v.(type) {
	case *ErrorRecord:
		return x
	case *Exception:
		return &ErrorRecord{Exception: x, ID: shortType(x.Type), Category: "NotSpecified", Target: nil}
	}
	return NewError("RuntimeException", "NotSpecified", v, value.ToString(v))
}

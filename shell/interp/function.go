package interp

import (
	"context"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// ScriptBlock is a { } value: its syntax tree and the file it came from,
// so errors inside it can show their source line.
type ScriptBlock struct {
	Body *syntax.ScriptBlock
	File *syntax.File
	cmd  *cmdlet.Cmdlet // the block as a command, made on first call
	// path is set for a script file's body: calling it starts a script
	// scope with $PSScriptRoot.
	path string
	// called is set for a script file run as a command: exit ends that
	// script only and sets $LASTEXITCODE.
	called bool
	// module is the scope of the script module a function belongs to: its
	// calls run below it rather than below the caller's scope.
	module *scope
	// origin is the script file a function was defined in, which its
	// $PSScriptRoot and $PSCommandPath name.
	origin string
}

// ScriptText returns the source between the braces, which is what
// PowerShell prints for a script block.
func (b *ScriptBlock) ScriptText() string {
	if b.File == nil {
		return ""
	}
	s, e := b.Body.Span.Start.Offset, b.Body.Span.End.Offset
	if s < 0 || e > len(b.File.Src) || s > e {
		return ""
	}
	text := b.File.Src[s:e]
	if strings.HasPrefix(text, "{") && strings.HasSuffix(text, "}") {
		text = text[1 : len(text)-1]
	}
	return text
}

// String makes a script block print as its text.
func (b *ScriptBlock) String() string { return b.ScriptText() }

// functionCmdlet turns a function definition into a command that the
// binder handles like any cmdlet.
func (r *Runner) functionCmdlet(def *syntax.FunctionDef, f *syntax.File, sc *scope) *cmdlet.Cmdlet {
	b := &ScriptBlock{Body: def.Body, File: f}
	if p, ok := sc.valueOf("PSCommandPath").(string); ok {
		b.origin = p
	}
	c := r.blockCmdlet(b, def.Name, def.Filter)
	c.Source = f.Name
	if m := sc.moduleOf(); m != nil && m.script != nil {
		b.module = m.script.scope
		c.Module = m.Name
	}
	return c
}

// blockCmdlet builds the command for a script block: its parameters from
// the param block, and Begin/Process/End that run its named blocks in a new
// scope.
func (r *Runner) blockCmdlet(b *ScriptBlock, name string, filter bool) *cmdlet.Cmdlet {
	c := &cmdlet.Cmdlet{Name: name}
	advanced := false
	if pb := b.Body.Params; pb != nil {
		for _, a := range pb.Attributes {
			if strings.EqualFold(a.Name, "CmdletBinding") {
				advanced = true
				for _, na := range a.Named {
					if strings.EqualFold(na.Name, "SupportsShouldProcess") {
						c.SupportsShouldProcess = na.Value == nil || r.constTrue(na.Value)
					}
					if strings.EqualFold(na.Name, "DefaultParameterSetName") {
						c.DefaultParameterSet = constString(na.Value)
					}
					if strings.EqualFold(na.Name, "ConfirmImpact") && na.Value != nil {
						v, _ := r.eval(context.Background(), r.global, nil, na.Value)
						c.ConfirmImpact = value.ToString(v)
					}
				}
			}
		}
		pos := 0
		for _, p := range pb.Params {
			param, isAdvanced := r.scriptParam(p, b.File)
			advanced = advanced || isAdvanced
			if param.Position == 0 && !param.IsSwitch() {
				pos++
				param.Position = pos
			} else if param.Position > 0 {
				pos = max(pos, param.Position)
			}
			c.Params = append(c.Params, param)
		}
	}
	c.AcceptsArgs = !advanced
	st := &blockRunner{r: r, b: b, filter: filter}
	c.Begin, c.Process, c.End = internal(st.begin), internal(st.process), internal(st.end)
	return c
}

// constTrue evaluates a constant attribute argument such as $true.
func (r *Runner) constTrue(x syntax.Expr) bool {
	v, err := r.eval(context.Background(), r.global, nil, x)
	return err == nil && value.ToBool(v)
}

func constString(x syntax.Expr) string {
	if s, ok := x.(*syntax.StringConst); ok {
		return s.Value
	}
	return ""
}

// scriptParam reads a param() entry into a Param; advanced is set when it
// carries [Parameter()], which makes the function an advanced one.
func (r *Runner) scriptParam(p *syntax.Param, f *syntax.File) (param *cmdlet.Param, advanced bool) {
	param = &cmdlet.Param{Name: p.Name, Type: cmdlet.Type(p.Type), Validate: joinValidators(r.validators(p, f))}
	for _, a := range p.Attributes {
		switch strings.ToLower(a.Name) {
		case "parameter":
			advanced = true
			for _, na := range a.Named {
				set := na.Value == nil || r.constTrue(na.Value)
				switch strings.ToLower(na.Name) {
				case "mandatory":
					param.Mandatory = set
				case "valuefrompipeline":
					param.ValueFromPipeline = set
				case "valuefrompipelinebypropertyname":
					param.ValueFromPipelineByPropertyName = set
				case "valuefromremainingarguments":
					param.ValueFromRemainingArguments = set
				case "position":
					v, _ := r.eval(context.Background(), r.global, nil, na.Value)
					if n, err := value.Convert(v, "int"); err == nil && n != nil {
						param.Position = n.(int) + 1
					}
				case "parametersetname":
					param.Sets = append(param.Sets, constString(na.Value))
				case "helpmessage":
					param.Help = constString(na.Value)
				}
			}
		case "alias":
			for _, x := range a.Positional {
				param.Aliases = append(param.Aliases, r.constStrings(x)...)
			}
		case "validateset":
			for _, x := range a.Positional {
				param.ValidateSet = append(param.ValidateSet, r.constStrings(x)...)
			}
		}
	}
	return param, advanced
}

// constStrings evaluates an attribute argument to strings.
func (r *Runner) constStrings(x syntax.Expr) []string {
	v, err := r.eval(context.Background(), r.global, nil, x)
	if err != nil {
		return nil
	}
	items, ok := value.Enumerate(v)
	if !ok {
		items = []any{v}
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = value.ToString(it)
	}
	return out
}

// blockRunner runs a script block as a command: each call gets a new
// scope, parameters become variables, and the begin, process and end
// blocks run as the pipeline drives them.
type blockRunner struct {
	r      *Runner
	b      *ScriptBlock
	filter bool
}

// frame is what one call of a script block keeps between its blocks.
type frame struct {
	scope *scope
	input []any // $input for a body without a process block
}

func (br *blockRunner) begin(c *Call) error {
	parent := c.scope
	if br.b.module != nil {
		parent = br.b.module
	}
	sc := newScope(parent)
	sc.funcName = c.cmd.Name
	if p := br.b.path; p != "" {
		sc.script = sc
		sc.setLocal("PSScriptRoot", filepath.Dir(p))
		sc.setLocal("PSCommandPath", p)
	} else if p := br.b.origin; p != "" {
		sc.setLocal("PSScriptRoot", filepath.Dir(p))
		sc.setLocal("PSCommandPath", p)
	}
	fr := &frame{scope: sc}
	c.state = fr
	if err := br.bindVariables(c, sc); err != nil {
		return err
	}
	sc.setLocal("args", append([]any{}, c.extra...))
	bound := br.boundParameters(c)
	sc.setLocal("PSBoundParameters", bound)
	ii := c.invocation(br.b, bound)
	sc.setLocal("MyInvocation", ii)
	if !c.cmd.AcceptsArgs {
		sc.setLocal("PSCmdlet", &psCmdlet{c: c, ii: ii})
	}
	br.passPreferences(c, sc)
	return br.run(c, sc, br.b.Body.Begin)
}

func (br *blockRunner) process(c *Call) error {
	fr := c.state.(*frame)
	body := br.b.Body
	if c.hasInput {
		if err := br.bindVariables(c, fr.scope); err != nil {
			return err
		}
		fr.scope.setLocal("_", c.input)
		fr.scope.setLocal("PSItem", c.input)
	}
	if body.Process != nil || br.filter {
		stmts := body.Process
		if br.filter && !body.Named {
			stmts = body.End
		}
		return br.run(c, fr.scope, stmts)
	}
	if c.hasInput {
		fr.input = append(fr.input, c.input)
	}
	return nil
}

func (br *blockRunner) end(c *Call) error {
	fr := c.state.(*frame)
	if br.filter && !br.b.Body.Named {
		return nil
	}
	fr.scope.setLocal("input", fr.input)
	return br.run(c, fr.scope, br.b.Body.End)
}

// run runs one named block; return ends the block, not the pipeline.
func (br *blockRunner) run(c *Call, sc *scope, stmts []syntax.Stmt) error {
	if len(stmts) == 0 {
		return nil
	}
	err := br.r.runCall(c.ctx, sc, br.b.File, stmts, c.Write)
	switch e := err.(type) {
	case *returnFlow:
		return nil
	case *exitFlow:
		if br.b.called {
			br.r.global.setLocal("LASTEXITCODE", e.code)
			br.r.lastOK = e.code == 0
			return nil
		}
	}
	return err
}

// bindVariables makes every parameter a variable in the call's scope:
// bound ones with their values, the others with their defaults.
func (br *blockRunner) bindVariables(c *Call, sc *scope) error {
	pb := br.b.Body.Params
	if pb == nil {
		return nil
	}
	for _, p := range pb.Params {
		var v any
		switch {
		case c.Bound(p.Name):
			v = c.Get(p.Name)
		case sc.own(strings.ToLower(p.Name)) != nil:
			continue
		case p.Default != nil:
			var err error
			if v, err = br.r.eval(c.ctx, sc, br.b.File, p.Default); err != nil {
				return err
			}
		case strings.EqualFold(p.Type, "switch"):
			v = false
		case p.Type != "":
			// A typed parameter not given is default(T), converted as
			// any value assigned to it: [int] 0, [string] "".
			v = value.Zero(p.Type)
		}
		if p.Type != "" {
			if err := sc.setTyped(p.Name, p.Type, v); err != nil {
				return err
			}
			continue
		}
		sc.setLocal(p.Name, v)
	}
	return nil
}

// passPreferences turns the common parameters an advanced function was
// given into preference variables of its scope, so the commands it calls
// follow them.
func (br *blockRunner) passPreferences(c *Call, sc *scope) {
	prefs := map[string]action{
		"ErrorActionPreference": c.common.errorAction,
		"WarningPreference":     c.common.warningAction,
		"VerbosePreference":     c.common.verbose,
		"DebugPreference":       c.common.debug,
	}
	for name, a := range prefs {
		if a != actionDefault {
			sc.setLocal(name, string(a))
		}
	}
	if c.common.whatIf != nil {
		sc.setLocal("WhatIfPreference", *c.common.whatIf)
	}
	if c.common.confirm != nil {
		pref := "None"
		if *c.common.confirm {
			pref = "Low"
		}
		sc.setLocal("ConfirmPreference", pref)
	}
}

// boundParameters builds $PSBoundParameters.
func (br *blockRunner) boundParameters(c *Call) *value.Hashtable {
	h := value.NewHashtable()
	for _, key := range c.order {
		if p := c.cmd.Param(key); p != nil {
			h.Set(p.Name, c.args[key])
		}
	}
	for _, p := range c.cmd.Params {
		if c.isPiped(strings.ToLower(p.Name)) {
			h.Set(p.Name, c.Get(p.Name))
		}
	}
	return h
}

// invokeBlock calls a script block like & does: a new scope, its
// parameters bound from args, input fed to its process block.
func (r *Runner) invokeBlock(ctx context.Context, sc *scope, b *ScriptBlock, input []any, args []any, emit emitFn) error {
	cmd := r.scriptBlockCmdlet(b)
	elems := make([]argument, len(args))
	for i, a := range args {
		elems[i] = argument{value: a}
	}
	call, err := r.bind(ctx, sc, cmd, elems, nil, b.File, b.Body.Span, false)
	if err != nil {
		return err
	}
	call.out = emit
	return r.driveCall(call, input)
}

// scriptBlockCmdlet returns the command a script block runs as.
func (r *Runner) scriptBlockCmdlet(b *ScriptBlock) *cmdlet.Cmdlet {
	if b.cmd == nil {
		b.cmd = r.blockCmdlet(b, "", false)
	}
	return b.cmd
}

// invokeBlockHere runs a script block's body in sc itself, with $_ set to
// input, as Where-Object, ForEach-Object and .Where() do; return ends the
// block only.
func (r *Runner) invokeBlockHere(ctx context.Context, sc *scope, b *ScriptBlock, input any, args []any, emit emitFn) error {
	return newHereBlock(r, sc, b).run(ctx, input, args, emit)
}

// hereBlock is a script block made ready to run its body in a scope of the
// caller's once per item, with $_ set to the item: what ForEach-Object,
// Where-Object, .Where(), .ForEach() and calculated properties do for every
// object. It is made once and run for every item, so that an item costs
// no new scope, no variables and no binding: $_ and $args are set in
// place and put back after the item.
type hereBlock struct {
	r     *Runner
	sc    *scope
	b     *ScriptBlock
	stmts []syntax.Stmt
	// under and args are $_ and $args while the block runs.
	under, args variable
	// running is set while the block runs an item; a block run again
	// from inside itself gets variables of its own for that run.
	running bool
}

func newHereBlock(r *Runner, sc *scope, b *ScriptBlock) *hereBlock {
	stmts := b.Body.End
	if b.Body.Named && b.Body.Process != nil {
		stmts = b.Body.Process
	}
	return &hereBlock{r: r, sc: sc, b: b, stmts: stmts, under: variable{name: "_"}, args: variable{name: "args"}}
}

// run runs the block's body for one item.
func (h *hereBlock) run(ctx context.Context, input any, args []any, emit emitFn) error {
	under, argv := &h.under, &h.args
	if h.running {
		under, argv = &variable{name: "_"}, &variable{name: "args"}
	}
	sc := h.sc
	savedUnder, savedArgs, wasRunning := sc.under, sc.args, h.running
	under.value, under.empty = input, false
	argv.value, argv.empty = args, false
	sc.under, sc.args, h.running = under, argv, true
	err := h.r.runCall(ctx, sc, h.b.File, h.stmts, emit)
	sc.under, sc.args, h.running = savedUnder, savedArgs, wasRunning
	if _, ok := err.(*returnFlow); ok {
		return nil
	}
	return err
}

// blockFor returns the call's hereBlock for a script block, made on its
// first item. A few are kept: a command runs one to a handful of blocks
// per item (ForEach-Object's, Sort-Object's keys).
func (c *Call) blockFor(b *ScriptBlock) *hereBlock {
	for _, h := range c.blocks {
		if h.b == b {
			return h
		}
	}
	h := newHereBlock(c.r, c.scope, b)
	if len(c.blocks) < 8 {
		c.blocks = append(c.blocks, h)
	}
	return h
}

package interp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"licsh/shell/cmdlet"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// stage is one command of a running pipeline.
type stage struct {
	call  *Call
	ended bool
	// redirect, when set, is where the stage's output goes instead of
	// downstream (> file, > $null).
	redirect *outRedirect
	// early holds what the stage before wrote in its Begin, which waits
	// for this stage's Begin.
	early []any
}

// runPipeline runs a pipeline whose output goes to emit. The commands
// stream: each object one stage writes is processed by the next before the
// first stage goes on.
func (r *Runner) runPipeline(ctx context.Context, sc *scope, f *syntax.File, p *syntax.Pipeline, emit emitFn) error {
	before := r.failures
	defer func() { r.lastOK = r.failures == before }()
	elems := p.Elements
	var source feed
	if ce, ok := elems[0].(*syntax.CommandExpr); ok {
		var err error
		if source, err = r.sourceOf(ctx, sc, f, ce.X); err != nil {
			return err
		}
		elems = elems[1:]
	}
	stages := make([]*stage, len(elems))
	for i, el := range elems {
		cmd, ok := el.(*syntax.Command)
		if !ok {
			return NewError("ExpressionsMustBeFirstInPipeline", "ParserError", nil,
				"Expressions are only allowed as the first element of a pipeline.")
		}
		st, err := r.prepare(ctx, sc, f, cmd, source != nil || i > 0)
		if err != nil {
			return err
		}
		stages[i] = st
	}
	if len(stages) == 0 {
		return source(emit)
	}
	pl := &pipeline{stages: stages}
	for i, st := range stages {
		st.call.out = pl.downstream(i, emit)
		if i+1 < len(stages) && st.redirect == nil && st.call.common.outVariable == "" {
			st.call.next = stages[i+1].call
		}
	}
	return pl.run(source)
}

// feed passes a pipeline's input objects, one at a time, to a function.
type feed func(each func(any) error) error

// sliceFeed feeds the items of a slice.
func sliceFeed(items []any) feed {
	return func(each func(any) error) error {
		for _, v := range items {
			if err := each(v); err != nil {
				return err
			}
		}
		return nil
	}
}

// sourceOf evaluates the expression that starts a pipeline into its feed.
// An integer range streams its numbers instead of building the array, so
// 1..100000000 | ... runs in constant memory, as in PowerShell.
func (r *Runner) sourceOf(ctx context.Context, sc *scope, f *syntax.File, x syntax.Expr) (feed, error) {
	if b, ok := x.(*syntax.BinaryExpr); ok && b.Op == ".." {
		from, err := r.eval(ctx, sc, f, b.X)
		if err != nil {
			return nil, err
		}
		to, err := r.eval(ctx, sc, f, b.Y)
		if err != nil {
			return nil, err
		}
		lo, okLo := from.(int)
		hi, okHi := to.(int)
		if okLo && okHi {
			step := 1
			if hi < lo {
				step = -1
			}
			return func(each func(any) error) error {
				for i := lo; ; i += step {
					if err := each(i); err != nil {
						return err
					}
					if i == hi {
						return nil
					}
				}
			}, nil
		}
		v, _, err := value.Binary("..", from, to)
		if err != nil {
			return nil, withPosition(err, f, x.Extent())
		}
		return sliceFeed(enumerateOrOne(v)), nil
	}
	v, err := r.eval(ctx, sc, f, x)
	if err != nil {
		return nil, err
	}
	if r.isNothing(sc, x) {
		return sliceFeed(nil), nil
	}
	return sliceFeed(enumerateOrOne(v)), nil
}

// enumerateOrOne is what a value gives a pipeline: its items, or itself.
func enumerateOrOne(v any) []any {
	if items, ok := value.Enumerate(v); ok {
		return items
	}
	return []any{v}
}

// pipeline drives the stages: Begin left to right, the input through
// Process, then End left to right.
type pipeline struct {
	stages []*stage
	// begun counts the stages whose Begin has run: as in pwsh, every
	// Begin runs before any object is processed.
	begun int
}

// downstream returns the function stage i writes its output to.
func (pl *pipeline) downstream(i int, emit emitFn) emitFn {
	st := pl.stages[i]
	next := emit
	if i+1 < len(pl.stages) {
		next = func(v any) error {
			if i+1 >= pl.begun {
				pl.stages[i+1].early = append(pl.stages[i+1].early, v)
				return nil
			}
			return pl.process(i+1, v)
		}
	}
	if st.redirect != nil {
		return st.redirect.write
	}
	if ov := st.call.common.outVariable; ov != "" {
		list := &value.List{}
		st.call.scope.setLocal(ov, list)
		return func(v any) error {
			list.Items = append(list.Items, v)
			return next(v)
		}
	}
	return next
}

// process hands one object to stage i.
func (pl *pipeline) process(i int, v any) error {
	st := pl.stages[i]
	c := st.call
	if st.ended {
		return nil
	}
	c.input, c.hasInput = v, true
	err := c.processInput(v)
	c.input, c.hasInput = nil, false
	if err != nil {
		return err
	}
	if c.stopUpstream {
		return errStopUpstream
	}
	return nil
}

func (pl *pipeline) run(source feed) error {
	for i, st := range pl.stages {
		pl.begun = i
		if st.call.cmd.Begin != nil {
			if err := pl.guard(st.call.sinking(st.call.cmd.Begin), st); err != nil {
				return pl.finish(err)
			}
		}
	}
	pl.begun = len(pl.stages)
	for i := len(pl.stages) - 1; i > 0; i-- {
		early := pl.stages[i].early
		pl.stages[i].early = nil
		for _, v := range early {
			if err := pl.process(i, v); err != nil {
				return pl.finish(err)
			}
		}
	}
	first := pl.stages[0]
	if source != nil {
		if err := source(func(v any) error { return pl.process(0, v) }); err != nil {
			return pl.finish(err)
		}
	} else if first.call.cmd.Process != nil {
		if err := pl.guard(first.call.sinking(first.call.cmd.Process), first); err != nil {
			return pl.finish(err)
		}
		if first.call.stopUpstream {
			return pl.finish(errStopUpstream)
		}
	}
	return pl.finish(nil)
}

// guard turns a command's failure into a record that names the command.
func (pl *pipeline) guard(err error, st *stage) error {
	if err == nil || isFlow(err) || isCancel(err) {
		return err
	}
	return st.call.record(err)
}

// finish runs the End blocks. After a stop request only the stages from the
// one that asked onwards end; after a real error none do.
func (pl *pipeline) finish(err error) error {
	if err != nil && err != errStopUpstream {
		return err
	}
	from := 0
	if err == errStopUpstream {
		for i, st := range pl.stages {
			if st.call.stopUpstream {
				from = i
			}
		}
		for i := 0; i < from; i++ {
			pl.stages[i].ended = true
		}
	}
	for i := from; i < len(pl.stages); i++ {
		st := pl.stages[i]
		if st.ended {
			continue
		}
		st.ended = true
		if st.call.cmd.End != nil {
			err := pl.guard(st.call.sinking(st.call.cmd.End), st)
			if err == errStopUpstream {
				continue
			}
			if err != nil {
				return err
			}
		}
		if st.redirect != nil {
			if err := st.redirect.close(); err != nil {
				return err
			}
		}
		if e := st.call.errFile; e != nil && e != st.redirect {
			if err := e.close(); err != nil {
				return err
			}
		}
	}
	return nil
}

// processInput binds one pipeline object and runs Process with it.
func (c *Call) processInput(v any) error {
	cmd := c.cmd
	if c.pipeBinding().takes {
		ok, err := c.bindInput(v)
		if err != nil {
			return c.writeBindError(err)
		}
		if !ok {
			return c.writeBindError(NewError("InputObjectNotBound", "InvalidArgument", v,
				"The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input."))
		}
	}
	if cmd.Process == nil {
		return nil
	}
	err := c.sinking(cmd.Process)
	if err == nil || isFlow(err) || isCancel(err) {
		return err
	}
	return c.record(err)
}

// writeBindError reports a pipeline object that could not be bound; like
// PowerShell, the command goes on with the next object.
func (c *Call) writeBindError(err error) error {
	rec := c.record(err)
	return c.r.writeError(c.scope, rec, c.common.errorAction)
}

// driveCall runs a bound call on its own: Begin, Process for each input
// (or once), End.
func (r *Runner) driveCall(c *Call, input []any) error {
	pl := &pipeline{stages: []*stage{{call: c}}}
	if input == nil {
		return pl.run(nil)
	}
	return pl.run(sliceFeed(input))
}

// prepare evaluates a command's arguments, finds the command and binds it.
func (r *Runner) prepare(ctx context.Context, sc *scope, f *syntax.File, cmd *syntax.Command, expectsInput bool) (*stage, error) {
	target, err := r.commandTarget(ctx, sc, f, cmd)
	if err != nil {
		return nil, err
	}
	r.noteCommand(target.cmd)
	args, err := r.evalArgs(ctx, sc, f, cmd.Args)
	if err != nil {
		return nil, err
	}
	callScope := sc
	if cmd.Invoke == "." {
		if b, ok := target.block(); ok {
			target = r.dotSourced(b)
		}
	}
	c, err := r.bind(ctx, callScope, target.cmd, args, nil, f, cmd.Span, expectsInput)
	if err != nil {
		return nil, withPosition(err, f, cmd.Span)
	}
	c.invokedAs = target.name
	st := &stage{call: c}
	if err := r.applyRedirections(ctx, sc, f, cmd, st); err != nil {
		return nil, err
	}
	return st, nil
}

// commandTarget is what a command name resolved to.
type commandTarget struct {
	cmd  *cmdlet.Cmdlet
	sb   *ScriptBlock
	name string // as the script wrote it, when it was a name
}

func (t commandTarget) block() (*ScriptBlock, bool) { return t.sb, t.sb != nil }

// commandTarget resolves the command's name: a script block after & or .,
// a function, a cmdlet or alias, or a script file.
func (r *Runner) commandTarget(ctx context.Context, sc *scope, f *syntax.File, cmd *syntax.Command) (commandTarget, error) {
	var name string
	if s, ok := cmd.Name.(*syntax.StringConst); ok {
		name = s.Value
	} else {
		v, err := r.eval(ctx, sc, f, cmd.Name)
		if err != nil {
			return commandTarget{}, err
		}
		switch x := v.(type) {
		case *ScriptBlock:
			return commandTarget{cmd: r.scriptBlockCmdlet(x), sb: x}, nil
		case *cmdlet.Cmdlet:
			return commandTarget{cmd: x}, nil
		}
		name = value.ToString(v)
	}
	if c := r.resolveCommand(sc, name); c != nil {
		return commandTarget{cmd: c, name: name}, nil
	}
	if strings.HasSuffix(strings.ToLower(name), ".ps1") {
		b, err := r.loadScript(name)
		if err != nil {
			return commandTarget{}, err
		}
		return commandTarget{cmd: r.scriptBlockCmdlet(b), sb: b}, nil
	}
	rec := commandNotFound(name)
	rec.file, rec.span = f, cmd.Name.Extent()
	return commandTarget{}, rec
}

// commandNotFound is PowerShell's error for a name that is no command.
func commandNotFound(name string) *ErrorRecord {
	rec := NewError("CommandNotFoundException", "ObjectNotFound", name,
		fmt.Sprintf("The term '%s' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.", name))
	rec.Command, rec.plainID = name, true
	return rec
}

// loadScript parses a .ps1 file called as a command.
func (r *Runner) loadScript(name string) (*ScriptBlock, error) {
	path := r.resolvePath(name)
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, commandNotFound(name)
	}
	file, err := syntax.Parse(name, string(src))
	if err != nil {
		rec := asRecord(err)
		rec.file = &syntax.File{Name: name, Src: string(src)}
		rec.fatal = true
		return nil, rec
	}
	if err := r.checkRequires(context.Background(), file, filepath.Base(path)); err != nil {
		return nil, err
	}
	abs, _ := filepath.Abs(path)
	return &ScriptBlock{Body: file.Body, File: file, path: abs, called: true}, nil
}

// dotSourced returns a command that runs a script block in the caller's
// scope, so what it defines stays, as `. { }` and `. .\file.ps1` do.
func (r *Runner) dotSourced(b *ScriptBlock) commandTarget {
	base := r.scriptBlockCmdlet(b)
	c := *base
	c.Begin = internal(func(call *Call) error {
		call.state = &frame{scope: call.scope}
		call.scope.setLocal("args", append([]any{}, call.extra...))
		return r.runCall(call.ctx, call.scope, b.File, b.Body.Begin, call.Write)
	})
	return commandTarget{cmd: &c, sb: b}
}

// evalArgs evaluates a command's arguments; @splat expands a hashtable to
// named parameters and an array to positional values.
func (r *Runner) evalArgs(ctx context.Context, sc *scope, f *syntax.File, elems []syntax.CommandElement) ([]argument, error) {
	var out []argument
	for _, el := range elems {
		switch el := el.(type) {
		case *syntax.CommandParameter:
			a := argument{param: el.Name, span: el.Span}
			if el.Arg != nil {
				v, err := r.eval(ctx, sc, f, el.Arg)
				if err != nil {
					return nil, err
				}
				a.value, a.hasValue, a.text = v, true, literalText(el.Arg, v)
			}
			out = append(out, a)
		case *syntax.CommandArgument:
			v, err := r.eval(ctx, sc, f, el.Value)
			if err != nil {
				return nil, err
			}
			if !el.Splat {
				out = append(out, argument{value: v, span: el.Span, text: literalText(el.Value, v)})
				continue
			}
			switch s := v.(type) {
			case *value.Hashtable:
				for _, e := range s.Entries() {
					out = append(out, argument{param: value.ToString(e.Key), value: e.Value, hasValue: true, span: el.Span})
				}
			case []any:
				for _, it := range s {
					out = append(out, argument{value: it, span: el.Span})
				}
			case nil:
			default:
				out = append(out, argument{value: v, span: el.Span})
			}
		}
	}
	return out, nil
}

// literalText is an argument's value with the number literals in it as
// written, or nil when it has none: PowerShell gives a [string]
// parameter the text of a number argument, so 007 stays 007.
func literalText(x syntax.Expr, v any) any {
	switch e := x.(type) {
	case *syntax.NumberConst:
		return e.Text
	case *syntax.ArrayLiteral:
		items, ok := v.([]any)
		if !ok || len(items) != len(e.Elems) {
			return nil
		}
		out := make([]any, len(items))
		found := false
		for i, el := range e.Elems {
			out[i] = items[i]
			if n, isNum := el.(*syntax.NumberConst); isNum {
				out[i], found = n.Text, true
			}
		}
		if found {
			return out
		}
	}
	return nil
}

// outRedirect collects a stage's output for > and >> (and its errors for
// 2> and *>, as the text they would show).
type outRedirect struct {
	path   string // "" for > $null
	append bool
	items  []any
	r      *Runner
	closed bool
}

// sinking runs one of the call's blocks with the errors written meanwhile,
// by the call or by the commands it runs, going to its 2> file.
func (c *Call) sinking(fn func(cmdlet.Call) error) error {
	if c.errFile == nil {
		return fn(c)
	}
	saved := c.r.errSink
	c.r.errSink = c.errFile
	defer func() { c.r.errSink = saved }()
	return fn(c)
}

func (o *outRedirect) write(v any) error {
	if o.path != "" {
		o.items = append(o.items, v)
	}
	return nil
}

func (o *outRedirect) close() error {
	if o.path == "" || o.closed {
		return nil
	}
	o.closed = true
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if o.append {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	fh, err := os.OpenFile(o.path, flags, 0o644)
	if err != nil {
		return NewError("FileOpenFailure", "OpenError", o.path, err.Error())
	}
	defer fh.Close()
	text := o.r.formatString(o.items)
	_, err = fh.WriteString(text)
	return err
}

// exprRedirect is where `expression > file` sends the expression's value:
// nil when the expression's output is not redirected.
func (r *Runner) exprRedirect(ctx context.Context, sc *scope, f *syntax.File, ce *syntax.CommandExpr) (*outRedirect, error) {
	var out *outRedirect
	for _, rd := range ce.Redirections {
		if rd.Merge || rd.From != 0 && rd.From != 1 {
			continue
		}
		out = &outRedirect{append: rd.Append, r: r}
		if ve, ok := rd.Target.(*syntax.VariableExpr); ok && strings.EqualFold(ve.Name, "null") {
			continue
		}
		v, err := r.eval(ctx, sc, f, rd.Target)
		if err != nil {
			return nil, err
		}
		out.path = r.resolvePath(value.ToString(v))
	}
	return out, nil
}

// applyRedirections sets up a command's redirections: output to a file or
// $null, errors to a file, $null or the output (2>&1).
func (r *Runner) applyRedirections(ctx context.Context, sc *scope, f *syntax.File, cmd *syntax.Command, st *stage) error {
	for _, rd := range cmd.Redirections {
		var path string
		if !rd.Merge {
			if ve, ok := rd.Target.(*syntax.VariableExpr); !ok || !strings.EqualFold(ve.Name, "null") {
				v, err := r.eval(ctx, sc, f, rd.Target)
				if err != nil {
					return err
				}
				path = st.call.Path(value.ToString(v))
			}
		}
		switch rd.From {
		case 1:
			st.redirect = &outRedirect{path: path, append: rd.Append, r: r}
		case 0:
			st.redirect = &outRedirect{path: path, append: rd.Append, r: r}
			st.call.common.warningAction = actionSilent
			if path == "" {
				st.call.common.errorAction = actionSilent
			} else {
				st.call.errFile = st.redirect
			}
		case 2:
			switch {
			case rd.Merge:
				st.call.errToOut = true
			case path == "":
				st.call.common.errorAction = actionSilent
			default:
				st.call.errFile = &outRedirect{path: path, append: rd.Append, r: r}
			}
		case 3:
			st.call.common.warningAction = actionSilent
		}
	}
	return nil
}

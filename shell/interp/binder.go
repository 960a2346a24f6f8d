package interp

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"licsh/shell/cmdlet"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// argument is one element of a command line after evaluation: a parameter
// name (-Name, or -Name:value when hasValue is set) or a value.
type argument struct {
	param    string // the name as written, without -; "" for a value
	value    any
	hasValue bool
	span     syntax.Span
	// text is the value with its number literals as written (007, 0x10,
	// 2.0), which a [string] parameter takes instead of the number; nil
	// when the argument has no number literal.
	text any
}

// asText returns what a parameter of type t takes of the argument: the
// literal text of its numbers for a string parameter, its value otherwise.
func (a argument) asText(t cmdlet.Type) any {
	if a.text != nil && t.Elem().Is(cmdlet.String) {
		return a.text
	}
	return a.value
}

// commonParam describes a common parameter that every cmdlet (and every
// advanced function) takes.
type commonParam struct {
	name    string
	aliases []string
	swtch   bool
}

var commonParameters = []commonParam{
	{"Verbose", []string{"vb"}, true},
	{"Debug", []string{"db"}, true},
	{"ErrorAction", []string{"ea"}, false},
	{"WarningAction", []string{"wa"}, false},
	{"InformationAction", []string{"infa"}, false},
	{"ProgressAction", []string{"proga"}, false},
	{"ErrorVariable", []string{"ev"}, false},
	{"WarningVariable", []string{"wv"}, false},
	{"InformationVariable", []string{"iv"}, false},
	{"OutVariable", []string{"ov"}, false},
	{"OutBuffer", []string{"ob"}, false},
	{"PipelineVariable", []string{"pv"}, false},
}

var shouldProcessParameters = []commonParam{
	{"WhatIf", []string{"wi"}, true},
	{"Confirm", []string{"cf"}, true},
}

// paramMatch is what a parameter name on the command line resolved to:
// a declared parameter or a common one.
type paramMatch struct {
	p      *cmdlet.Param
	common *commonParam
}

func (m paramMatch) name() string {
	if m.p != nil {
		return m.p.Name
	}
	return m.common.name
}

func (m paramMatch) isSwitch() bool {
	if m.p != nil {
		return m.p.IsSwitch()
	}
	return m.common.swtch
}

// resolveParam finds the parameter a name on the command line means: an
// exact name or alias first, then a unique prefix, as PowerShell does.
func resolveParam(cmd *cmdlet.Cmdlet, name string) (paramMatch, error) {
	var cands []paramMatch
	for _, p := range cmd.Params {
		cands = append(cands, paramMatch{p: p})
	}
	if !cmd.AcceptsArgs {
		for i := range commonParameters {
			cands = append(cands, paramMatch{common: &commonParameters[i]})
		}
		if cmd.SupportsShouldProcess {
			for i := range shouldProcessParameters {
				cands = append(cands, paramMatch{common: &shouldProcessParameters[i]})
			}
		}
	}
	names := func(m paramMatch) []string {
		if m.p != nil {
			return append([]string{m.p.Name}, m.p.Aliases...)
		}
		return append([]string{m.common.name}, m.common.aliases...)
	}
	for _, m := range cands {
		for _, n := range names(m) {
			if strings.EqualFold(n, name) {
				return m, nil
			}
		}
	}
	var found []paramMatch
	lower := strings.ToLower(name)
	for _, m := range cands {
		for _, n := range names(m) {
			if strings.HasPrefix(strings.ToLower(n), lower) {
				found = append(found, m)
				break
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return paramMatch{}, NewError("NamedParameterNotFound", "InvalidArgument", nil,
			fmt.Sprintf("A parameter cannot be found that matches parameter name '%s'.", name))
	}
	var list []string
	for _, m := range found {
		list = append(list, "-"+m.name())
	}
	return paramMatch{}, NewError("AmbiguousParameter", "InvalidArgument", nil,
		fmt.Sprintf("Parameter cannot be processed because the parameter name '%s' is ambiguous. Possible matches include: %s.", name, strings.Join(list, " ")))
}

// bind binds a command line to a command and returns the call, ready for
// its Begin. expectsInput tells whether a pipeline will feed it, which
// postpones the check of mandatory parameters that input can supply.
func (r *Runner) bind(ctx context.Context, sc *scope, cmd *cmdlet.Cmdlet, args []argument, out emitFn,
	f *syntax.File, at syntax.Span, expectsInput bool) (*Call, error) {
	c := &Call{cmd: cmd, r: r, ctx: ctx, scope: sc, args: map[string]any{}, out: out, at: at, file: f}
	fail := func(err error) (*Call, error) {
		rec := asRecord(err)
		rec.Command = displayName(cmd)
		return nil, rec
	}
	var positional []argument
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a.param == "" {
			positional = append(positional, a)
			continue
		}
		m, err := resolveParam(cmd, a.param)
		if err != nil {
			if cmd.AcceptsArgs {
				// A simple function gets an unknown -Name:value (as
				// splatting gives it) in $args as "-Name:" and the value.
				if a.hasValue {
					positional = append(positional, argument{value: "-" + a.param + ":", span: a.span}, argument{value: a.value, span: a.span})
					continue
				}
				positional = append(positional, argument{value: "-" + a.param, span: a.span})
				continue
			}
			return fail(err)
		}
		v := a.value
		if m.p != nil {
			v = a.asText(m.p.Type)
		}
		switch {
		case a.hasValue:
		case m.isSwitch():
			v = true
		case i+1 < len(args) && args[i+1].param == "":
			i++
			v = args[i].value
			if m.p != nil {
				v = args[i].asText(m.p.Type)
			}
		default:
			return fail(NewError("MissingArgument", "InvalidArgument", nil,
				fmt.Sprintf("Missing an argument for parameter '%s'. Specify a parameter of type '%s' and try again.", m.name(), typeDisplay(m))))
		}
		if m.common != nil {
			if err := c.setCommon(m.common.name, v); err != nil {
				return fail(err)
			}
			continue
		}
		key := strings.ToLower(m.p.Name)
		if _, dup := c.args[key]; dup {
			return fail(NewError("ParameterAlreadyBound", "InvalidArgument", nil,
				fmt.Sprintf("Cannot bind parameter because parameter '%s' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".", m.p.Name)))
		}
		conv, err := r.convertParam(cmd, m.p, v)
		if err != nil {
			return fail(err)
		}
		c.setArg(key, conv)
	}
	set, err := chooseSet(cmd, c.args, positional, expectsInput)
	if err != nil {
		return fail(err)
	}
	c.set = set
	if err := c.bindPositional(positional, set); err != nil {
		return fail(err)
	}
	if err := c.checkMandatory(expectsInput); err != nil {
		return fail(err)
	}
	return c, nil
}

// displayName is the name errors show for a command; a script block has
// none.
func displayName(cmd *cmdlet.Cmdlet) string { return cmd.Name }

// typeDisplay names a parameter's type as PowerShell's messages do.
func typeDisplay(m paramMatch) string {
	t := "System.Object"
	if m.p != nil && m.p.Type != "" {
		if v, err := value.Convert("", string(m.p.Type)); err == nil && v != nil {
			t = value.TypeName(v)
		}
		if m.p.Type.IsArray() {
			t = strings.TrimSuffix(t, "[]")
			if el, err := value.Convert("", string(m.p.Type.Elem())); err == nil && el != nil {
				t = value.TypeName(el)
			}
			t += "[]"
		}
	} else if m.common != nil {
		switch m.common.name {
		case "ErrorAction", "WarningAction", "InformationAction", "ProgressAction":
			t = "System.Management.Automation.ActionPreference"
		case "OutBuffer":
			t = "System.Int32"
		default:
			t = "System.String"
		}
	}
	return t
}

// convertParam converts a value to the parameter's type and checks
// ValidateSet.
func (r *Runner) convertParam(cmd *cmdlet.Cmdlet, p *cmdlet.Param, v any) (any, error) {
	if !p.Type.Is(cmdlet.Object) {
		conv, err := r.types.convert(v, string(p.Type))
		if err != nil {
			msg := asRecord(err).Error()
			if cmd.Source != "" || cmd.AcceptsArgs {
				return nil, NewError("ParameterArgumentTransformationError", "InvalidData", v,
					fmt.Sprintf("Cannot process argument transformation on parameter '%s'. %s", p.Name, msg))
			}
			return nil, NewError("CannotConvertArgumentNoMessage", "InvalidArgument", v,
				fmt.Sprintf("Cannot bind parameter '%s'. %s", p.Name, msg))
		}
		v = conv
	}
	if p.Complete == cmdlet.CompletePath {
		if err := checkPaths(v); err != nil {
			return nil, err
		}
	}
	if len(p.ValidateSet) > 0 {
		items, ok := value.Enumerate(v)
		if !ok {
			items = []any{v}
		}
		for _, it := range items {
			s := value.ToString(it)
			valid := false
			for _, allowed := range p.ValidateSet {
				if strings.EqualFold(s, allowed) {
					valid = true
					break
				}
			}
			if !valid {
				return nil, validationError(p, v, fmt.Sprintf("The argument \"%s\" does not belong to the set \"%s\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
					s, strings.Join(p.ValidateSet, ",")))
			}
		}
	}
	if p.Validate != nil {
		if err := p.Validate(v); err != nil {
			var rec *ErrorRecord
			if errors.As(err, &rec) {
				return nil, rec
			}
			return nil, validationError(p, v, err.Error())
		}
	}
	return v, nil
}

// validationError is the binder's error for a value a parameter's
// validation refuses.
func validationError(p *cmdlet.Param, v any, reason string) *ErrorRecord {
	rec := NewError("ParameterArgumentValidationError", "InvalidData", v,
		fmt.Sprintf("Cannot validate argument on parameter '%s'. %s", p.Name, reason))
	rec.Exception.Type = "System.Management.Automation.ParameterBindingValidationException"
	return rec
}

// setArg binds a parameter, keeping the order parameters were bound in,
// which $PSBoundParameters shows.
func (c *Call) setArg(key string, v any) {
	if _, done := c.args[key]; !done {
		c.order = append(c.order, key)
	}
	c.args[key] = v
}

// setCommon records a common parameter.
func (c *Call) setCommon(name string, v any) error {
	asAction := func() (action, error) {
		s := strings.ToLower(value.ToString(v))
		for _, a := range actions {
			if strings.EqualFold(a, s) {
				return action(s), nil
			}
		}
		return "", NewError("CannotConvertArgumentNoMessage", "InvalidArgument", v,
			fmt.Sprintf("Cannot bind parameter '%s'. Cannot convert value \"%s\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name %s to a valid enumerator name. Specify one of the following enumerator names and try again:\n%s\"",
				name, value.ToString(v), value.ToString(v), strings.Join(actions, ", ")))
	}
	var err error
	switch name {
	case "ErrorAction":
		c.common.errorAction, err = asAction()
	case "WarningAction":
		c.common.warningAction, err = asAction()
	case "InformationAction", "ProgressAction":
		_, err = asAction()
	case "Verbose", "Debug":
		a := actionSilent
		if value.ToBool(v) {
			a = actionContinue
		}
		if name == "Verbose" {
			c.common.verbose = a
		} else {
			c.common.debug = a
		}
	case "WhatIf":
		b := value.ToBool(v)
		c.common.whatIf = &b
	case "Confirm":
		b := value.ToBool(v)
		c.common.confirm = &b
	case "ErrorVariable":
		c.common.errorVariable = value.ToString(v)
	case "OutVariable":
		c.common.outVariable = value.ToString(v)
	}
	return err
}

// chooseSet picks the parameter set the bound parameters fit. When several
// fit, the sets whose positional parameters take the positional values
// without conversion win, then, when a pipeline feeds the command, the
// sets that can take its objects, then the default set.
func chooseSet(cmd *cmdlet.Cmdlet, bound map[string]any, positional []argument, expectsInput bool) (string, error) {
	sets := cmd.ParameterSets()
	if len(sets) == 0 {
		return "", nil
	}
	var fit []string
	for _, s := range sets {
		ok := true
		for name := range bound {
			if p := cmd.Param(name); p != nil && !p.InSet(s) {
				ok = false
				break
			}
		}
		if ok {
			fit = append(fit, s)
		}
	}
	if len(fit) > 1 && len(positional) > 0 {
		var takes []string
		for _, s := range fit {
			if positionalFits(cmd, s, bound, positional) {
				takes = append(takes, s)
			}
		}
		if len(takes) > 0 {
			fit = takes
		}
	}
	if len(fit) > 1 && expectsInput {
		var takes []string
		for _, s := range fit {
			if takesInputIn(cmd, s, bound) {
				takes = append(takes, s)
			}
		}
		if len(takes) > 0 {
			fit = takes
		}
	}
	switch {
	case len(fit) == 0:
		return "", NewError("AmbiguousParameterSet", "InvalidArgument", nil,
			"Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.")
	case len(fit) == 1:
		return fit[0], nil
	}
	for _, s := range fit {
		if strings.EqualFold(s, cmd.DefaultParameterSet) {
			return s, nil
		}
	}
	return fit[0], nil
}

// takesInputIn reports whether the set has a free parameter that pipeline
// objects bind to, and all its other mandatory parameters are bound.
func takesInputIn(cmd *cmdlet.Cmdlet, set string, bound map[string]any) bool {
	takes := false
	for _, p := range cmd.Params {
		if !p.InSet(set) {
			continue
		}
		_, done := bound[strings.ToLower(p.Name)]
		fromPipe := p.ValueFromPipeline || p.ValueFromPipelineByPropertyName
		switch {
		case fromPipe && !done:
			takes = true
		case p.Mandatory && !done:
			return false
		}
	}
	return takes
}

// positionalFits reports whether the set's free positional parameters take
// the positional values as they are.
func positionalFits(cmd *cmdlet.Cmdlet, set string, bound map[string]any, values []argument) bool {
	var slots []*cmdlet.Param
	rest := false
	for _, p := range cmd.Params {
		if _, done := bound[strings.ToLower(p.Name)]; done || !p.InSet(set) {
			continue
		}
		if p.ValueFromRemainingArguments {
			rest = true
		} else if p.Position > 0 {
			slots = append(slots, p)
		}
	}
	if len(slots) < len(values) && !rest {
		return false
	}
	values = values[:min(len(values), len(slots))]
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].Position < slots[j].Position })
	for i, a := range values {
		if !fitsType(a.value, slots[i].Type) {
			return false
		}
	}
	return true
}

// bindPositional gives the remaining values to the positional parameters of
// the set, in order of position.
func (c *Call) bindPositional(values []argument, set string) error {
	var slots []*cmdlet.Param
	var rest *cmdlet.Param
	for _, p := range c.cmd.Params {
		if !p.InSet(set) {
			continue
		}
		if _, bound := c.args[strings.ToLower(p.Name)]; bound {
			continue
		}
		if p.ValueFromRemainingArguments {
			rest = p
		} else if p.Position > 0 {
			slots = append(slots, p)
		}
	}
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].Position < slots[j].Position })
	for i, a := range values {
		if rest != nil && (i >= len(slots) || rest.Position > 0 && rest.Position <= slots[i].Position) {
			return c.bindRest(rest, values[i:])
		}
		if i >= len(slots) {
			if c.cmd.AcceptsArgs {
				for _, b := range values[i:] {
					c.extra = append(c.extra, b.value)
				}
				return nil
			}
			return NewError("PositionalParameterNotFound", "InvalidArgument", a.value,
				fmt.Sprintf("A positional parameter cannot be found that accepts argument '%s'.", value.ToString(a.value)))
		}
		p := slots[i]
		conv, err := c.r.convertParam(c.cmd, p, a.asText(p.Type))
		if err != nil {
			return err
		}
		c.setArg(strings.ToLower(p.Name), conv)
	}
	return nil
}

// bindRest gives the parameter that takes the remaining arguments all of
// them, as one value or an array.
func (c *Call) bindRest(p *cmdlet.Param, values []argument) error {
	var v any
	if len(values) == 1 {
		v = values[0].value
	} else {
		items := make([]any, len(values))
		for i, a := range values {
			items[i] = a.value
		}
		v = items
	}
	conv, err := c.r.convertParam(c.cmd, p, v)
	if err != nil {
		return err
	}
	c.setArg(strings.ToLower(p.Name), conv)
	return nil
}

// checkMandatory fails (or, in an interactive session, asks) for mandatory
// parameters that were not given and that pipeline input cannot supply.
func (c *Call) checkMandatory(expectsInput bool) error {
	var missing []*cmdlet.Param
	for _, p := range c.cmd.Params {
		if !p.Mandatory || !p.InSet(c.set) || c.Bound(p.Name) {
			continue
		}
		if expectsInput && (p.ValueFromPipeline || p.ValueFromPipelineByPropertyName) {
			continue
		}
		missing = append(missing, p)
	}
	if len(missing) == 0 {
		return nil
	}
	if c.r.host.Interactive {
		return c.promptMandatory(missing)
	}
	names := make([]string, len(missing))
	for i, p := range missing {
		names[i] = p.Name
	}
	return NewError("MissingMandatoryParameter", "InvalidArgument", nil,
		fmt.Sprintf("Cannot process command because of one or more missing mandatory parameters: %s.", strings.Join(names, " ")))
}

// promptMandatory asks for missing mandatory parameters, as pwsh does at an
// interactive prompt.
func (c *Call) promptMandatory(missing []*cmdlet.Param) error {
	c.r.host.writeOut(fmt.Sprintf("\ncmdlet %s at command pipeline position 1\nSupply values for the following parameters:", c.cmd.Name))
	for _, p := range missing {
		line, err := c.r.host.ReadLine(p.Name+": ", false)
		if err != nil {
			return errCancelled
		}
		conv, err := c.r.convertParam(c.cmd, p, line)
		if err != nil {
			return err
		}
		c.setArg(strings.ToLower(p.Name), conv)
	}
	return nil
}

// pipeBinding is how pipeline objects bind to a call, worked out from the
// command line on the first object: the parameters the command line left
// free that take objects by value or by property name, and the mandatory
// ones only the pipeline can fill. The command line stays as it is for
// every object, so the later ones bind without looking at the others.
type pipeBinding struct {
	// takes is set when the command has parameters that take pipeline
	// objects, bound on the command line or not.
	takes     bool
	byValue   []*pipeParam
	byName    []*pipeParam
	mandatory []*pipeParam
}

// pipeParam is a parameter pipeline objects may bind to.
type pipeParam struct {
	p   *cmdlet.Param
	key string // the lower-case name
	// names are the name and aliases a property must have to bind by
	// property name.
	names []string
	// asIs is set when any value fits the parameter's type unconverted
	// and unchecked.
	asIs bool
}

// pipeBinding returns the call's pipeline binding, working it out on the
// first object.
func (c *Call) pipeBinding() *pipeBinding {
	if c.pipe != nil {
		return c.pipe
	}
	pb := &pipeBinding{takes: takesInput(c.cmd)}
	for _, p := range c.cmd.Params {
		if !p.InSet(c.set) {
			continue
		}
		key := strings.ToLower(p.Name)
		if _, bound := c.args[key]; bound {
			continue
		}
		pp := &pipeParam{p: p, key: key, names: append([]string{p.Name}, p.Aliases...),
			asIs: (p.Type.Is(cmdlet.Object) || p.Type.Is(cmdlet.PSObject)) && p.Complete != cmdlet.CompletePath &&
				len(p.ValidateSet) == 0 && p.Validate == nil}
		if p.ValueFromPipeline {
			pb.byValue = append(pb.byValue, pp)
		}
		if p.ValueFromPipelineByPropertyName {
			pb.byName = append(pb.byName, pp)
		}
		if p.Mandatory {
			pb.mandatory = append(pb.mandatory, pp)
		}
	}
	c.pipe = pb
	return pb
}

// pipedValue is a parameter bound from the current pipeline object.
type pipedValue struct {
	key   string
	value any
}

// isPiped reports whether the current pipeline object is bound to the
// parameter of that lower-case name.
func (c *Call) isPiped(key string) bool {
	for i := range c.piped {
		if c.piped[i].key == key {
			return true
		}
	}
	return false
}

// bindInput binds one pipeline object to the parameters that take it:
// first by value, then by property name. It reports false when nothing
// could take the object.
func (c *Call) bindInput(in any) (bool, error) {
	pb := c.pipeBinding()
	c.piped = c.piped[:0]
	// As PowerShell does: by value without conversion, then by property
	// name, then by value with conversion.
	bound := c.bindByValue(pb, in, false)
	for _, pp := range pb.byName {
		if c.isPiped(pp.key) {
			continue
		}
		v, ok := propertyOf(in, pp.names)
		if !ok {
			continue
		}
		conv, err := c.r.convertParam(c.cmd, pp.p, v)
		if err != nil {
			return false, err
		}
		c.piped = append(c.piped, pipedValue{pp.key, conv})
		bound = true
	}
	if !bound {
		bound = c.bindByValue(pb, in, true)
	}
	if !bound {
		return false, nil
	}
	var missing []string
	for _, pp := range pb.mandatory {
		if !c.isPiped(pp.key) {
			missing = append(missing, pp.p.Name)
		}
	}
	if len(missing) > 0 {
		return true, NewError("InputObjectNotBound", "InvalidArgument", in,
			fmt.Sprintf("Cannot process command because of one or more missing mandatory parameters: %s.", strings.Join(missing, " ")))
	}
	return true, nil
}

// bindByValue binds the object to the first free ValueFromPipeline
// parameter that takes it, converting it only when convert is set.
func (c *Call) bindByValue(pb *pipeBinding, in any, convert bool) bool {
	for _, pp := range pb.byValue {
		if c.isPiped(pp.key) {
			continue
		}
		if pp.asIs {
			c.piped = append(c.piped, pipedValue{pp.key, in})
			return true
		}
		if !convert && !fitsType(in, pp.p.Type) {
			continue
		}
		if conv, err := c.r.convertParam(c.cmd, pp.p, in); err == nil {
			c.piped = append(c.piped, pipedValue{pp.key, conv})
			return true
		}
	}
	return false
}

// fitsType reports whether v is already of the type (or of the element
// type of an array type), so binding it needs no conversion.
func fitsType(v any, typ cmdlet.Type) bool {
	t := typ.Elem()
	if t.Is(cmdlet.Object) || t.Is(cmdlet.PSObject) {
		return true
	}
	items, ok := value.Enumerate(v)
	if !ok {
		items = []any{v}
	}
	for _, it := range items {
		if is, err := value.IsType(it, string(t)); err != nil || !is {
			return false
		}
	}
	return true
}

// takesInput reports whether the command has parameters that bind
// pipeline input; script blocks without them see it as $_ and $input.
func takesInput(cmd *cmdlet.Cmdlet) bool {
	for _, p := range cmd.Params {
		if p.ValueFromPipeline || p.ValueFromPipelineByPropertyName {
			return true
		}
	}
	return false
}

// propertyOf reads the first of the names that the object has as a
// property (or a hashtable key).
func propertyOf(in any, names []string) (any, bool) {
	for _, n := range names {
		switch o := in.(type) {
		case *value.Object:
			if v, ok := o.Get(n); ok {
				return v, true
			}
		case value.PropertyBag:
			if v, ok := o.Property(n); ok {
				return v, true
			}
		}
	}
	return nil, false
}

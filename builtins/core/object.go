package core

import (
	"fmt"
	"os"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func objectCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		whereObject(),
		forEachObject(),
		selectObject(),
		sortObject(),
		groupObject(),
		measureObject(),
		teeObject(),
	}
}

// whereOps are Where-Object's comparison switches, in the order pwsh lists
// their parameter sets, with each set's name, the operator the switch
// stands for ("" tests the property's falsiness) and its alias.
var whereOps = []struct{ param, set, op, alias string }{
	{"EQ", "EqualSet", "-eq", "IEQ"},
	{"Match", "MatchSet", "-match", "IMatch"},
	{"CEQ", "CaseSensitiveEqualSet", "-ceq", ""},
	{"NE", "NotEqualSet", "-ne", "INE"},
	{"CNE", "CaseSensitiveNotEqualSet", "-cne", ""},
	{"GT", "GreaterThanSet", "-gt", "IGT"},
	{"CGT", "CaseSensitiveGreaterThanSet", "-cgt", ""},
	{"LT", "LessThanSet", "-lt", "ILT"},
	{"CLT", "CaseSensitiveLessThanSet", "-clt", ""},
	{"GE", "GreaterOrEqualSet", "-ge", "IGE"},
	{"CGE", "CaseSensitiveGreaterOrEqualSet", "-cge", ""},
	{"LE", "LessOrEqualSet", "-le", "ILE"},
	{"CLE", "CaseSensitiveLessOrEqualSet", "-cle", ""},
	{"Like", "LikeSet", "-like", "ILike"},
	{"CLike", "CaseSensitiveLikeSet", "-clike", ""},
	{"NotLike", "NotLikeSet", "-notlike", "INotLike"},
	{"CNotLike", "CaseSensitiveNotLikeSet", "-cnotlike", ""},
	{"CMatch", "CaseSensitiveMatchSet", "-cmatch", ""},
	{"NotMatch", "NotMatchSet", "-notmatch", "INotMatch"},
	{"CNotMatch", "CaseSensitiveNotMatchSet", "-cnotmatch", ""},
	{"Contains", "ContainsSet", "-contains", "IContains"},
	{"CContains", "CaseSensitiveContainsSet", "-ccontains", ""},
	{"NotContains", "NotContainsSet", "-notcontains", "INotContains"},
	{"CNotContains", "CaseSensitiveNotContainsSet", "-cnotcontains", ""},
	{"In", "InSet", "-in", "IIn"},
	{"CIn", "CaseSensitiveInSet", "-cin", ""},
	{"NotIn", "NotInSet", "-notin", "INotIn"},
	{"CNotIn", "CaseSensitiveNotInSet", "-cnotin", ""},
	{"Is", "IsSet", "-is", ""},
	{"IsNot", "IsNotSet", "-isnot", ""},
	{"Not", "Not", "", ""},
}

func whereObject() *cmdlet.Cmdlet {
	sets := make([]string, len(whereOps))
	params := []*cmdlet.Param{
		{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The objects to filter."},
		{Name: "FilterScript", Type: cmdlet.ScriptBlock, Position: 1, Mandatory: true, Sets: []string{"ScriptBlockSet"}, Help: "The script block that decides, for each object in $_, whether it passes."},
	}
	for i, w := range whereOps {
		sets[i] = w.set
		p := &cmdlet.Param{Name: w.param, Type: cmdlet.Switch, Mandatory: w.param != "EQ", Sets: []string{w.set},
			Help: fmt.Sprintf("Compares the property with the value using %s.", strings.TrimPrefix(w.op, "-"))}
		if w.op == "" {
			p.Help = "Keeps the objects whose property is false or missing."
		}
		if w.alias != "" {
			p.Aliases = []string{w.alias}
		}
		params = append(params, p)
	}
	params = append(params,
		&cmdlet.Param{Name: "Property", Type: cmdlet.String, Position: 1, Mandatory: true, Sets: sets, Complete: cmdlet.CompleteProperty, Help: "The property to test."},
		&cmdlet.Param{Name: "Value", Type: cmdlet.Object, Position: 2, Sets: sets[:len(sets)-1], Help: "The value to compare the property with."},
	)
	return &cmdlet.Cmdlet{
		Name:                "Where-Object",
		Module:              modCore,
		Aliases:             []string{"?", "where"},
		Synopsis:            "Selects objects from a collection based on their property values.",
		Description:         "Where-Object passes on the objects for which the script block returns a true value, or, in the simple form, whose property compares with the value as the chosen operator says. With only a property name it keeps the objects whose property is true.",
		DefaultParameterSet: "EqualSet",
		Params:              params,
		Examples: []cmdlet.Example{
			{Code: "Get-User | Where-Object { $_.Department -eq 'Sales' }", Remarks: "Keeps the users of the Sales department."},
			{Code: "Get-License | Where SkuPartNumber -like 'SPE*'", Remarks: "The simple form: keeps the Microsoft 365 E3 and E5 products."},
			{Code: "Get-User | Where-Object IsLicensed", Remarks: "Keeps the users who have a license."},
		},
		Begin: func(c cmdlet.Call) error {
			st := &whereState{property: c.String("Property"), op: whereOp(c), value: c.Get("Value")}
			c.SetState(st)
			if sb, ok := c.Get("FilterScript").(value.ScriptBlock); ok {
				st.filter = sb
				st.emit = st.truth.Emit
				interp.Inner(c).Keeps(interp.PropertyTests(sb))
				return nil
			}
			if s, ok := st.value.(string); ok && (st.op == "-eq" || st.op == "-ceq") {
				interp.Inner(c).Keeps([]interp.PropertyTest{{Property: st.property, Value: s}})
			}
			return nil
		},
		Process: func(c cmdlet.Call) error {
			input := c.Get("InputObject")
			st := c.State().(*whereState)
			if st.filter != nil {
				st.truth.Reset()
				if err := c.Invoke(st.filter, input, st.emit); err != nil {
					return err
				}
				if st.truth.Value() {
					return c.Write(input)
				}
				return nil
			}
			ok, err := st.test(input)
			if err != nil || !ok {
				return err
			}
			return c.Write(input)
		},
	}
}

// whereState is how Where-Object tests each object: with a filter
// script, whose output's truth it takes without keeping the output, or
// with the simple form's property, operator (whereOp) and value.
type whereState struct {
	filter value.ScriptBlock
	truth  value.Truth
	emit   func(any) error

	property, op string
	value        any
}

// whereOp is the operator of the simple form: the one its switch names,
// -eq when only a value is given, "" for the property's truth and "-not"
// for its falsity.
func whereOp(c cmdlet.Call) string {
	for _, w := range whereOps {
		if c.Switch(w.param) {
			if w.op == "" {
				return "-not"
			}
			return w.op
		}
	}
	if c.Bound("Value") {
		return "-eq"
	}
	return ""
}

// test is the simple form of Where-Object for one object.
func (st *whereState) test(input any) (bool, error) {
	pv, _ := Property(input, st.property)
	switch st.op {
	case "":
		return value.ToBool(pv), nil
	case "-not":
		return !value.ToBool(pv), nil
	default:
		return compareOp(st.op, pv, st.value)
	}
}

// compareOp applies a comparison operator and reduces a filtered
// collection result to whether anything passed.
func compareOp(op string, x, y any) (bool, error) {
	v, _, err := value.Binary(op, x, y)
	if err != nil {
		return false, err
	}
	return value.ToBool(v), nil
}

func forEachObject() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:                  "ForEach-Object",
		Module:                modCore,
		Aliases:               []string{"%", "foreach"},
		Synopsis:              "Performs an operation against each item in a collection of input objects.",
		Description:           "ForEach-Object runs the -Process script block once for each input object, with the object in $_, and passes on what it outputs. -Begin runs before the first object and -End after the last. With a member name instead of a script block it outputs that property of each object, or calls that method.",
		DefaultParameterSet:   "ScriptBlockSet",
		SupportsShouldProcess: true,
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The objects to process."},
			{Name: "Begin", Type: cmdlet.ScriptBlock, Sets: []string{"ScriptBlockSet"}, Help: "Runs once before the first input object."},
			{Name: "Process", Type: cmdlet.ScriptBlocks, Position: 1, Mandatory: true, Sets: []string{"ScriptBlockSet"}, Help: "Runs once per input object, which is in $_."},
			{Name: "End", Type: cmdlet.ScriptBlock, Sets: []string{"ScriptBlockSet"}, Help: "Runs once after the last input object."},
			{Name: "RemainingScripts", Type: cmdlet.ScriptBlocks, ValueFromRemainingArguments: true, Sets: []string{"ScriptBlockSet"}, Help: "Further script blocks, taken as with -Process."},
			{Name: "MemberName", Type: cmdlet.String, Position: 1, Mandatory: true, Sets: []string{"PropertyAndMethodSet"}, Complete: cmdlet.CompleteProperty, Help: "The property to get or the method to call on each object."},
			{Name: "ArgumentList", Aliases: []string{"Args"}, Type: cmdlet.Objects, Sets: []string{"PropertyAndMethodSet"}, Help: "The arguments of the method."},
			{Name: "Parallel", Type: cmdlet.ScriptBlock, Mandatory: true, Sets: []string{"ParallelParameterSet"}, Help: "Runs for each input object, in $_, in a session of its own: the caller's variables are reached only as $using:name copies. licsh runs the blocks one after another, in input order."},
			{Name: "ThrottleLimit", Type: cmdlet.Int, Sets: []string{"ParallelParameterSet"}, Help: "Accepted; the blocks run one after another."},
			{Name: "TimeoutSeconds", Type: cmdlet.Int, Sets: []string{"ParallelParameterSet"}, Help: "Accepted."},
			{Name: "UseNewRunspace", Type: cmdlet.Switch, Sets: []string{"ParallelParameterSet"}, Help: "Accepted; every block gets a session of its own."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-User -Department Sales | ForEach-Object { $_.UserPrincipalName }", Remarks: "Outputs the principal name of each Sales user."},
			{Code: "$suffix = '!'\n1..3 | ForEach-Object -Parallel { \"$_$using:suffix\" } -ThrottleLimit 2", Remarks: "Runs the block for each number in a session of its own, with $suffix copied in."},
			{Code: "Get-User | % UserPrincipalName", Remarks: "The same with the member name form."},
			{Code: "1..3 | ForEach-Object -Begin { $sum = 0 } -Process { $sum += $_ } -End { $sum }", Remarks: "Adds up the numbers: 6."},
		},
		Begin: func(c cmdlet.Call) error {
			st := forEachBlocks(c)
			st.write = c.Write
			c.SetState(st)
			if st.begin != nil {
				return c.Invoke(st.begin, nil, c.Write)
			}
			return nil
		},
		Process: func(c cmdlet.Call) error {
			input := c.Get("InputObject")
			st := c.State().(*forEachState)
			if st.parallel != nil {
				if !c.HasInput() {
					return nil
				}
				return interp.Inner(c).RunParallel(st.parallel, input)
			}
			if st.member != "" {
				return forEachMember(c, st.member, input)
			}
			for _, sb := range st.process {
				if err := c.Invoke(sb, input, st.write); err != nil {
					return err
				}
			}
			return nil
		},
		End: func(c cmdlet.Call) error {
			if st, ok := c.State().(*forEachState); ok && st.end != nil {
				return c.Invoke(st.end, nil, c.Write)
			}
			return nil
		},
	}
}

type forEachState struct {
	begin, end value.ScriptBlock
	process    []value.ScriptBlock
	member     string            // the member name form
	parallel   value.ScriptBlock // -Parallel
	// write is the call's Write, taken once: a method value made for
	// every object would cost an allocation each.
	write func(any) error
}

// forEachBlocks sorts the script blocks into begin, process and end. When
// -Begin and -End are not named, several -Process blocks are read as
// PowerShell reads them: the first is the begin block, and with three or
// more the last is the end block.
func forEachBlocks(c cmdlet.Call) *forEachState {
	st := &forEachState{member: c.String("MemberName")}
	if st.member != "" {
		return st
	}
	if sb, ok := c.Get("Parallel").(value.ScriptBlock); ok {
		st.parallel = sb
		return st
	}
	st.begin, _ = c.Get("Begin").(value.ScriptBlock)
	st.end, _ = c.Get("End").(value.ScriptBlock)
	var blocks []value.ScriptBlock
	for _, name := range []string{"Process", "RemainingScripts"} {
		items, ok := value.Enumerate(c.Get(name))
		if !ok && c.Get(name) != nil {
			items = []any{c.Get(name)}
		}
		for _, it := range items {
			if sb, ok := it.(value.ScriptBlock); ok {
				blocks = append(blocks, sb)
			}
		}
	}
	if len(blocks) >= 2 && !c.Bound("Begin") && !c.Bound("End") {
		st.begin, blocks = blocks[0], blocks[1:]
		if len(blocks) >= 2 {
			st.end, blocks = blocks[len(blocks)-1], blocks[:len(blocks)-1]
		}
	}
	st.process = blocks
	return st
}

// forEachMember outputs a property of input or the result of calling a
// method on it.
func forEachMember(c cmdlet.Call, name string, input any) error {
	if input == nil {
		return nil
	}
	if v, ok := Property(input, name); ok {
		return c.WriteAll(v)
	}
	args, _ := value.Enumerate(c.Get("ArgumentList"))
	v, err := value.CallMethod(input, name, args)
	if err != nil {
		rec := interp.NewError(CommandID("MethodInvocationNotSupported", c.Cmdlet().Name), "InvalidOperation", input,
			fmt.Sprintf("The input name \"%s\" cannot be resolved to a member.", name))
		if werr := c.WriteError(rec); werr != nil {
			return werr
		}
		return nil
	}
	return c.WriteAll(v)
}

func teeObject() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:                "Tee-Object",
		Module:              modUtility,
		Aliases:             []string{"tee"},
		Synopsis:            "Saves command output in a file or variable and also sends it down the pipeline.",
		Description:         "Tee-Object passes its input on unchanged and also keeps it: in a variable, or written to a file as the console would show it.",
		DefaultParameterSet: "File",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to save."},
			{Name: "FilePath", Aliases: []string{"Path"}, Type: cmdlet.String, Position: 1, Mandatory: true, Sets: []string{"File"}, Complete: cmdlet.CompletePath, Help: "The file to write the objects to."},
			{Name: "Append", Type: cmdlet.Switch, Sets: []string{"File"}, Help: "Adds to the end of the file."},
			{Name: "Encoding", Type: cmdlet.String, Sets: []string{"File"}, ValidateSet: encodingNames, Help: "The file's encoding."},
			{Name: "Variable", Type: cmdlet.String, Mandatory: true, Sets: []string{"Variable"}, Help: "The variable to store the objects in (without $)."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-License | Tee-Object -Variable licenses | Measure-Object", Remarks: "Counts the products and keeps them in $licenses."},
		},
		Process: func(c cmdlet.Call) error {
			input := c.Get("InputObject")
			items, _ := c.State().([]any)
			c.SetState(append(items, input))
			return c.Write(input)
		},
		End: func(c cmdlet.Call) error {
			items, _ := c.State().([]any)
			if c.Bound("Variable") {
				if items == nil {
					items = []any{}
				}
				return c.SetVar(c.String("Variable"), items)
			}
			path := c.Path(c.String("FilePath"))
			text := interp.Inner(c).FormatString(items)
			return writeText(c, path, text, c.Switch("Append"), c.String("Encoding"))
		},
	}
}

// writeText writes text to a file, creating or replacing it unless
// appending.
func writeText(c cmdlet.Call, path, text string, appendTo bool, encoding string) error {
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if appendTo {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if os.IsNotExist(err) {
			return interp.NewError(CommandID("System.IO.DirectoryNotFoundException", c.Cmdlet().Name), "OpenError", path,
				"Could not find a part of the path '"+path+"'.")
		}
		return IOError(c.Cmdlet().Name, path, err)
	}
	st, _ := f.Stat()
	newFile := st == nil || st.Size() == 0
	if _, err := f.Write(encodeText(text, encoding, newFile)); err != nil {
		f.Close()
		return IOError(c.Cmdlet().Name, path, err)
	}
	if err := f.Close(); err != nil {
		return IOError(c.Cmdlet().Name, path, err)
	}
	return nil
}

package core

import (
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func compareCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Compare-Object",
			Module:      modUtility,
			Aliases:     []string{"compare", "diff"},
			Synopsis:    "Compares two sets of objects.",
			Description: "Compare-Object finds the objects that are in only one of two sets: each difference comes out with a SideIndicator, => for an object only in -DifferenceObject and <= for one only in -ReferenceObject (== for equal ones with -IncludeEqual). -Property compares those properties instead of the whole objects, -ExcludeDifferent keeps only the equal ones and -PassThru outputs the objects themselves. Strings compare without regard to case unless -CaseSensitive is given.",
			Params: []*cmdlet.Param{
				{Name: "ReferenceObject", Type: cmdlet.Objects, Position: 1, Mandatory: true, Help: "The objects to compare against."},
				{Name: "DifferenceObject", Type: cmdlet.Objects, Position: 2, Mandatory: true, ValueFromPipeline: true, Help: "The objects compared with the reference objects."},
				{Name: "Property", Type: cmdlet.Objects, Help: "The properties to compare: names, script blocks or @{Expression=...}."},
				{Name: "SyncWindow", Type: cmdlet.Int, Help: "How far apart in the two lists matching objects may be; unlimited by default."},
				{Name: "IncludeEqual", Type: cmdlet.Switch, Help: "Outputs the objects found in both sets too, with ==."},
				{Name: "ExcludeDifferent", Type: cmdlet.Switch, Help: "Outputs only the objects found in both sets."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the compared objects themselves, with a SideIndicator property added."},
				{Name: "CaseSensitive", Type: cmdlet.Switch, Help: "Compares strings with regard to case."},
				{Name: "Culture", Type: cmdlet.String, Help: "Accepted; strings compare in the invariant culture."},
			},
			Examples: []cmdlet.Example{
				{Code: "Compare-Object -ReferenceObject (Get-Content ./users.txt) -DifferenceObject (Import-Csv ./users.csv).UserPrincipalName", Remarks: "Which users are in only one of two lists."},
				{Code: "$before = Import-Csv ./users.csv\n$after = Import-Csv ./leavers.csv\nCompare-Object $before $after -Property UserPrincipalName -IncludeEqual", Remarks: "Compares two exports by one column."},
			},
			Begin:   compareBegin,
			Process: compareProcess,
			End:     compareEnd,
		},
		{
			Name:        "Get-Unique",
			Module:      modUtility,
			Aliases:     []string{"gu"},
			Synopsis:    "Returns unique items from a sorted list.",
			Description: "Get-Unique drops each object that equals the one before it, so on a sorted list it keeps one of each. Strings compare with regard to case unless -CaseInsensitive is given; -AsString compares every object as text, -OnType by type.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The objects to filter."},
				{Name: "AsString", Type: cmdlet.Switch, Help: "Compares the objects as text."},
				{Name: "OnType", Type: cmdlet.Switch, Help: "Keeps one object of each type in a row."},
				{Name: "CaseInsensitive", Type: cmdlet.Switch, Help: "Compares strings without regard to case."},
			},
			Examples: []cmdlet.Example{
				{Code: "(Import-Csv ./users.csv).Department | Sort-Object | Get-Unique", Remarks: "The departments of a list, each once."},
			},
			Process: getUnique,
		},
	}
}

// compareState is Compare-Object's walk through the two lists.
type compareState struct {
	specs      []propSpec
	ref        []compareEntry
	next       int // the next reference entry to match
	refLog     []compareEntry
	diffLog    []compareEntry
	window     int
	includeEq  bool
	excludeDif bool
}

// compareEntry is an input object and the keys it is compared by.
type compareEntry struct {
	obj  any
	keys []any
}

func compareBegin(c cmdlet.Call) error {
	st := &compareState{window: -1, includeEq: c.Switch("IncludeEqual"), excludeDif: c.Switch("ExcludeDifferent")}
	if c.Bound("SyncWindow") {
		st.window = c.Int("SyncWindow")
	}
	if st.excludeDif && !c.Bound("IncludeEqual") {
		st.includeEq = true
	}
	specs, err := parsePropSpecs(c.Get("Property"), "group")
	if err != nil {
		return err
	}
	st.specs = specs
	if c.Get("ReferenceObject") == nil {
		return interp.NewError("ParameterArgumentValidationErrorNullNotAllowed", "InvalidData", nil,
			"Cannot bind argument to parameter 'ReferenceObject' because it is null.")
	}
	for _, o := range asList(c.Get("ReferenceObject")) {
		e, err := st.entry(c, o)
		if err != nil {
			return err
		}
		st.ref = append(st.ref, e)
	}
	c.SetState(st)
	return nil
}

func (st *compareState) entry(c cmdlet.Call, o any) (compareEntry, error) {
	e := compareEntry{obj: o}
	for _, s := range st.specs {
		if s.expr == nil {
			v, _ := Property(o, s.name)
			e.keys = append(e.keys, v)
			continue
		}
		v, err := s.eval(c, o)
		if err != nil {
			return e, err
		}
		e.keys = append(e.keys, v)
	}
	if len(st.specs) == 0 {
		e.keys = []any{o}
	}
	return e, nil
}

// same compares two entries as pwsh's OrderByProperty comparer: value by
// value, objects that cannot be ordered by their text.
func same(a, b compareEntry, caseSensitive bool) bool {
	for i := range a.keys {
		x, y := a.keys[i], b.keys[i]
		if !isObject(x) && !isObject(y) {
			if compareKeys(x, y, caseSensitive) != 0 {
				return false
			}
			continue
		}
		xs, ys := value.ToString(x), value.ToString(y)
		if !caseSensitive {
			xs, ys = strings.ToLower(xs), strings.ToLower(ys)
		}
		if xs != ys {
			return false
		}
	}
	return true
}

// isObject reports whether v is an object PowerShell cannot order itself,
// which Compare-Object then compares by its text.
func isObject(v any) bool {
	switch v.(type) {
	case *value.Object, value.PropertyBag, *value.Hashtable, []any, *value.List:
		return true
	}
	return false
}

func compareProcess(c cmdlet.Call) error {
	st := c.State().(*compareState)
	if c.Get("DifferenceObject") == nil && !c.HasInput() {
		return interp.NewError("ParameterArgumentValidationErrorNullNotAllowed", "InvalidData", nil,
			"Cannot bind argument to parameter 'DifferenceObject' because it is null.")
	}
	for _, o := range asList(c.Get("DifferenceObject")) {
		e, err := st.entry(c, o)
		if err != nil {
			return err
		}
		if err := st.step(c, &e); err != nil {
			return err
		}
	}
	return nil
}

// step matches one difference entry (nil at the end) against the next
// reference entry and the backlogs, as pwsh's Compare-Object does, so the
// output comes in pwsh's order.
func (st *compareState) step(c cmdlet.Call, diff *compareEntry) error {
	cs := c.Switch("CaseSensitive")
	var ref *compareEntry
	if st.next < len(st.ref) {
		ref = &st.ref[st.next]
		st.next++
	}
	if ref != nil && diff != nil && same(*ref, *diff, cs) {
		return st.emit(c, *ref, "==")
	}
	if diff != nil {
		if m, ok := takeMatch(*diff, &st.refLog, cs); ok {
			if err := st.emit(c, m, "=="); err != nil {
				return err
			}
			diff = nil
		}
	}
	if ref != nil {
		if _, ok := takeMatch(*ref, &st.diffLog, cs); ok {
			if err := st.emit(c, *ref, "=="); err != nil {
				return err
			}
			ref = nil
		}
	}
	if diff != nil {
		if err := st.backlog(c, &st.diffLog, *diff, "=>"); err != nil {
			return err
		}
	}
	if ref != nil {
		return st.backlog(c, &st.refLog, *ref, "<=")
	}
	return nil
}

// backlog keeps an unmatched entry for later objects to match, within the
// sync window; what falls out of the window is a difference.
func (st *compareState) backlog(c cmdlet.Call, log *[]compareEntry, e compareEntry, side string) error {
	if st.window == 0 {
		return st.emit(c, e, side)
	}
	for st.window > 0 && len(*log) >= st.window {
		if err := st.emit(c, (*log)[0], side); err != nil {
			return err
		}
		*log = (*log)[1:]
	}
	*log = append(*log, e)
	return nil
}

func takeMatch(e compareEntry, log *[]compareEntry, cs bool) (compareEntry, bool) {
	for i, x := range *log {
		if same(e, x, cs) {
			*log = append((*log)[:i], (*log)[i+1:]...)
			return x, true
		}
	}
	return compareEntry{}, false
}

func compareEnd(c cmdlet.Call) error {
	st, _ := c.State().(*compareState)
	if st == nil {
		return nil
	}
	for st.next < len(st.ref) {
		if err := st.step(c, nil); err != nil {
			return err
		}
	}
	for _, e := range st.diffLog {
		if err := st.emit(c, e, "=>"); err != nil {
			return err
		}
	}
	for _, e := range st.refLog {
		if err := st.emit(c, e, "<="); err != nil {
			return err
		}
	}
	st.diffLog, st.refLog = nil, nil
	return nil
}

func (st *compareState) emit(c cmdlet.Call, e compareEntry, side string) error {
	if side == "==" && !st.includeEq || side != "==" && st.excludeDif {
		return nil
	}
	if c.Switch("PassThru") {
		if o, ok := e.obj.(*value.Object); ok {
			o.Set("SideIndicator", side)
		}
		return c.Write(e.obj)
	}
	out := NewPSObject()
	if len(st.specs) == 0 {
		out.Set("InputObject", e.obj)
	} else {
		for i, s := range st.specs {
			if !out.Has(s.name) {
				out.Set(s.name, e.keys[i])
			}
		}
	}
	out.Set("SideIndicator", side)
	return c.Write(out)
}

// uniqueState is the last object Get-Unique let through.
type uniqueState struct {
	last any
	seen bool
}

func getUnique(c cmdlet.Call) error {
	if !c.HasInput() && !c.Bound("InputObject") {
		return nil
	}
	st, _ := c.State().(*uniqueState)
	if st == nil {
		st = &uniqueState{}
		c.SetState(st)
	}
	v := c.Get("InputObject")
	if st.seen && sameForUnique(c, st.last, v) {
		return nil
	}
	st.last, st.seen = v, true
	return c.Write(v)
}

func sameForUnique(c cmdlet.Call, a, b any) bool {
	cs := !c.Switch("CaseInsensitive")
	switch {
	case c.Switch("OnType"):
		return value.TypeName(a) == value.TypeName(b)
	case c.Switch("AsString"):
		x, y := value.ToString(a), value.ToString(b)
		if cs {
			return x == y
		}
		return strings.EqualFold(x, y)
	}
	x, xok := a.(string)
	y, yok := b.(string)
	if xok && yok {
		if cs {
			return x == y
		}
		return strings.EqualFold(x, y)
	}
	return same(compareEntry{keys: []any{a}}, compareEntry{keys: []any{b}}, cs)
}

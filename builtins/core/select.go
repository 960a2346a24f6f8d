package core

import (
	"fmt"
	"slices"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func selectObject() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:        "Select-Object",
		Module:      modUtility,
		Aliases:     []string{"select"},
		Synopsis:    "Selects objects or object properties.",
		Description: "Select-Object makes new objects that hold only the chosen properties (names, wildcards or calculated properties), or expands one property, and picks objects by position with -First, -Last, -Skip and -Index. -First stops the commands before it once it has enough objects.",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to select from."},
			{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty, Help: "The properties to keep: names, wildcards or @{Name=...; Expression=...} hashtables."},
			{Name: "ExcludeProperty", Type: cmdlet.Strings, Help: "Properties to leave out."},
			{Name: "ExpandProperty", Type: cmdlet.String, Help: "A property whose value (each item, for a collection) is output instead of the object."},
			{Name: "Unique", Type: cmdlet.Switch, Help: "Outputs each distinct object once."},
			{Name: "First", Type: cmdlet.Int, Help: "How many objects to take from the start."},
			{Name: "Last", Type: cmdlet.Int, Help: "How many objects to take from the end."},
			{Name: "Skip", Type: cmdlet.Int, Help: "How many objects to skip from the start (from the end with -Last)."},
			{Name: "SkipLast", Type: cmdlet.Int, Help: "How many objects to skip from the end."},
			{Name: "Index", Type: cmdlet.Ints, Help: "The positions of the objects to take, from 0."},
			{Name: "SkipIndex", Type: cmdlet.Ints, Help: "The positions of the objects to leave out, from 0."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-User | Select-Object UserPrincipalName, Department -First 5", Remarks: "The first five users with two properties."},
			{Code: "Get-License | Select-Object SkuPartNumber, @{Name='Free'; Expression={$_.Total - $_.Assigned}}", Remarks: "Adds a calculated property."},
			{Code: "Get-User | Select-Object -ExpandProperty UserPrincipalName", Remarks: "Outputs the names as strings."},
		},
		Begin:   selectBegin,
		Process: selectProcess,
		End:     selectEnd,
	}
}

type selectState struct {
	specs   []propSpec
	exclude []string
	expand  string
	seen    map[string]bool // -Unique
	index   map[int]bool    // -Index
	skipIdx map[int]bool    // -SkipIndex
	maxIdx  int
	n       int   // objects seen
	emitted int   // objects output (for -First)
	held    []any // for -Last and -SkipLast
	done    bool
}

func selectBegin(c cmdlet.Call) error {
	specs, err := parsePropSpecs(c.Get("Property"), "select")
	if err != nil {
		return err
	}
	st := &selectState{specs: specs, exclude: c.Strings("ExcludeProperty"), expand: c.String("ExpandProperty"), maxIdx: -1}
	if c.Switch("Unique") {
		st.seen = map[string]bool{}
	}
	if c.Bound("Index") {
		st.index = map[int]bool{}
		items, _ := value.Enumerate(c.Get("Index"))
		for _, it := range items {
			n, err := value.Convert(it, "int")
			if err != nil {
				return err
			}
			st.index[n.(int)] = true
			st.maxIdx = max(st.maxIdx, n.(int))
		}
	}
	if c.Bound("SkipIndex") {
		st.skipIdx = map[int]bool{}
		items, _ := value.Enumerate(c.Get("SkipIndex"))
		for _, it := range items {
			n, err := value.Convert(it, "int")
			if err != nil {
				return err
			}
			st.skipIdx[n.(int)] = true
		}
	}
	c.SetState(st)
	return nil
}

func selectProcess(c cmdlet.Call) error {
	st := c.State().(*selectState)
	if st.done {
		return nil
	}
	input := c.Get("InputObject")
	if !c.HasInput() && input == nil {
		return nil
	}
	i := st.n
	st.n++
	if c.Bound("Last") || c.Bound("SkipLast") {
		st.held = append(st.held, input)
		return nil
	}
	if i < c.Int("Skip") || st.skipIdx[i] {
		return nil
	}
	if st.index != nil {
		if !st.index[i] {
			if i >= st.maxIdx {
				st.stop(c)
			}
			return nil
		}
	}
	if err := st.emit(c, input); err != nil {
		return err
	}
	if st.index != nil && i >= st.maxIdx {
		st.stop(c)
	}
	if c.Bound("First") && st.emitted >= c.Int("First") {
		st.stop(c)
	}
	return nil
}

// stop ends the selection: nothing more is needed from upstream.
func (st *selectState) stop(c cmdlet.Call) {
	st.done = true
	c.StopUpstream()
}

func selectEnd(c cmdlet.Call) error {
	st := c.State().(*selectState)
	if !c.Bound("Last") && !c.Bound("SkipLast") {
		return nil
	}
	items := st.held
	if n := c.Int("SkipLast"); c.Bound("SkipLast") {
		items = items[:max(0, len(items)-n)]
	}
	if c.Bound("Last") {
		skip := min(c.Int("Skip"), len(items))
		items = items[:len(items)-skip]
		if n := c.Int("Last"); n < len(items) {
			items = items[len(items)-max(n, 0):]
		}
	} else {
		items = items[min(c.Int("Skip"), len(items)):]
	}
	if c.Bound("First") {
		items = items[:min(max(c.Int("First"), 0), len(items))]
	}
	for _, it := range items {
		if err := st.emit(c, it); err != nil {
			return err
		}
	}
	return nil
}

// emit projects one object and writes it (or its expanded property).
func (st *selectState) emit(c cmdlet.Call, input any) error {
	out := input
	if len(st.specs) > 0 || len(st.exclude) > 0 {
		obj, err := st.project(c, input)
		if err != nil {
			return err
		}
		out = obj
	}
	if st.expand != "" {
		return st.writeExpanded(c, input, out)
	}
	return st.write(c, out)
}

func (st *selectState) write(c cmdlet.Call, v any) error {
	if st.seen != nil {
		key := value.TypeName(v) + "\x00" + value.ToString(v)
		if st.seen[key] {
			return nil
		}
		st.seen[key] = true
	}
	st.emitted++
	return c.Write(v)
}

// project makes the new object with the selected properties.
func (st *selectState) project(c cmdlet.Call, input any) (*value.Object, error) {
	obj := value.NewObject(append([]string{"Selected." + typeNames(input)[0]}, psObjectTypes...)...)
	names := PropertyNames(input)
	specs := st.specs
	if len(specs) == 0 {
		specs = []propSpec{{name: "*"}}
	}
	for _, s := range specs {
		if s.isWildcard() {
			for _, n := range matchNames(names, s.name) {
				if !st.excluded(n) && !obj.Has(n) {
					v, _ := Property(input, n)
					obj.Set(n, v)
				}
			}
			continue
		}
		if st.excluded(s.name) {
			continue
		}
		if obj.Has(s.name) {
			return nil, interp.NewError(CommandID("AlreadyExistingUserSpecifiedPropertyNoExpand", "Select-Object"), "InvalidOperation", input,
				fmt.Sprintf("The property cannot be processed because the property \"%s\" already exists.", s.name))
		}
		v, err := s.eval(c, input)
		if err != nil {
			return nil, err
		}
		obj.Set(s.name, v)
	}
	return obj, nil
}

func (st *selectState) excluded(name string) bool {
	for _, pat := range st.exclude {
		if value.Like(name, pat, false) {
			return true
		}
	}
	return false
}

// writeExpanded outputs the -ExpandProperty value of input; selected
// properties are added to each expanded object, as PowerShell does.
func (st *selectState) writeExpanded(c cmdlet.Call, input any, projected any) error {
	v, ok := Property(input, st.expand)
	if !ok {
		rec := interp.NewError(CommandID("ExpandPropertyNotFound", c.Cmdlet().Name), "InvalidArgument", input,
			fmt.Sprintf("Property \"%s\" cannot be found.", st.expand))
		return c.WriteError(rec)
	}
	items, isList := value.Enumerate(v)
	if !isList {
		items = []any{v}
	}
	extra, _ := projected.(*value.Object)
	for _, it := range items {
		if extra != nil && len(st.specs) > 0 {
			it = withProperties(it, extra)
		}
		if err := st.write(c, it); err != nil {
			return err
		}
	}
	return nil
}

// withProperties returns a copy of an expanded value with the selected
// properties added, as PowerShell adds them as note properties to an object;
// a value without properties, such as a string, is returned as it is.
func withProperties(it any, extra *value.Object) any {
	switch x := it.(type) {
	case *value.Object:
		o := x.Copy()
		for _, p := range extra.Props() {
			o.Set(p.Name, p.Value)
		}
		return o
	case value.PropertyBag:
		return &notedBag{base: x, notes: extra}
	}
	return it
}

// notedBag is a .NET object (a module's model object, an error record) with
// note properties added: it keeps the object's type, so GetType() and the
// formatter's views still see the module's type.
type notedBag struct {
	base  value.PropertyBag
	notes *value.Object
}

// Property reads a note first, as a note hides the object's own property.
func (b *notedBag) Property(name string) (any, bool) {
	if v, ok := b.notes.Get(name); ok {
		return v, true
	}
	return b.base.Property(name)
}

// PropertyNames lists the object's properties, then the notes it lacks.
func (b *notedBag) PropertyNames() []string {
	names := slices.Clone(b.base.PropertyNames())
	for _, n := range b.notes.Names() {
		if _, ok := b.base.Property(n); !ok {
			names = append(names, n)
		}
	}
	return names
}

// TypeNames gives the object's own type names.
func (b *notedBag) TypeNames() []string { return typeNames(b.base) }

func (b *notedBag) String() string { return value.ToString(b.base) }

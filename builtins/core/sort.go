package core

import (
	"sort"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

func sortObject() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:        "Sort-Object",
		Module:      modUtility,
		Aliases:     []string{"sort"},
		Synopsis:    "Sorts objects by property values.",
		Description: "Sort-Object collects its input and writes it sorted by the given properties, script blocks or @{Expression=...; Descending=$true} hashtables, or by the objects themselves. The sort is stable and, for text, case-insensitive unless -CaseSensitive is given.",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to sort."},
			{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty, Help: "The sort keys: property names, script blocks or hashtables."},
			{Name: "Descending", Type: cmdlet.Switch, Help: "Sorts from the largest to the smallest."},
			{Name: "Unique", Type: cmdlet.Switch, Help: "Keeps one object of each run of equal keys."},
			{Name: "CaseSensitive", Type: cmdlet.Switch, Help: "Tells upper and lower case apart."},
			{Name: "Stable", Type: cmdlet.Switch, Help: "Keeps the input order of equal objects (always the case here)."},
			{Name: "Top", Type: cmdlet.Int, Help: "Outputs only the first N sorted objects."},
			{Name: "Bottom", Type: cmdlet.Int, Help: "Outputs only the last N sorted objects."},
			{Name: "Culture", Type: cmdlet.String, Help: "The culture for string comparison (accepted; comparison is invariant)."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-License | Sort-Object Available -Descending", Remarks: "Products with the most free seats first."},
			{Code: "Get-User | Sort-Object Department, @{Expression='DisplayName'; Descending=$true}", Remarks: "Sorts by department, then by name in reverse order."},
		},
		Process: CollectInput("InputObject"),
		End:     sortEnd,
	}
}

// sortItem is an input object with its sort keys.
type sortItem struct {
	v    any
	keys []any
}

// sortKeys computes the keys of every object for the specs (the object
// itself when there are none); with markMissing a property the object does
// not have is a missingKey.
func sortKeys(c cmdlet.Call, items []any, specs []propSpec, markMissing bool) ([]sortItem, error) {
	out := make([]sortItem, len(items))
	for i, it := range items {
		out[i].v = it
		if len(specs) == 0 {
			out[i].keys = []any{it}
			continue
		}
		out[i].keys = make([]any, len(specs))
		for j, s := range specs {
			if markMissing && s.expr == nil && !hasProp(it, s.name) {
				out[i].keys[j] = missingKey{}
				continue
			}
			k, err := s.eval(c, it)
			if err != nil {
				return nil, err
			}
			out[i].keys[j] = k
		}
	}
	return out, nil
}

// missingKey stands for a property an object does not have: Sort-Object
// puts such objects last, in either order.
type missingKey struct{}

// hasProp reports whether an object has a property; values that are not
// objects are taken to have it.
func hasProp(v any, name string) bool {
	switch o := v.(type) {
	case *value.Object:
		return o.Has(name)
	case *value.Hashtable:
		return true
	case value.PropertyBag:
		_, ok := o.Property(name)
		return ok
	}
	return true
}

// compareKeys orders two keys as Sort-Object does: PowerShell's comparison,
// falling back to the keys' text when their types cannot be compared.
func compareKeys(a, b any, caseSensitive bool) int {
	if n, err := value.Compare(a, b, caseSensitive); err == nil {
		return n
	}
	x, y := value.ToString(a), value.ToString(b)
	if !caseSensitive {
		x, y = strings.ToLower(x), strings.ToLower(y)
	}
	return strings.Compare(x, y)
}

// keyedInput reads the -Property specs of Sort-Object or Group-Object
// (use decides the hashtable keys allowed, as for parsePropSpecs) and keys
// the collected input.
func keyedInput(c cmdlet.Call, use string) ([]sortItem, []propSpec, error) {
	items, _ := c.State().([]any)
	specs, err := parsePropSpecs(c.Get("Property"), use)
	if err != nil {
		return nil, nil, err
	}
	keyed, err := sortKeys(c, items, specs, use == "sort")
	return keyed, specs, err
}

func sortEnd(c cmdlet.Call) error {
	keyed, specs, err := keyedInput(c, "sort")
	if err != nil {
		return err
	}
	cs := c.Switch("CaseSensitive")
	desc := make([]bool, max(len(specs), 1))
	for i := range desc {
		desc[i] = c.Switch("Descending")
		if i < len(specs) && specs[i].descending != nil {
			desc[i] = *specs[i].descending
		}
	}
	cmp := func(a, b sortItem) int {
		for i := range a.keys {
			_, missA := a.keys[i].(missingKey)
			_, missB := b.keys[i].(missingKey)
			if missA || missB {
				if missA != missB {
					if missA {
						return 1
					}
					return -1
				}
				continue
			}
			n := compareKeys(a.keys[i], b.keys[i], cs)
			if desc[i] {
				n = -n
			}
			if n != 0 {
				return n
			}
		}
		return 0
	}
	sort.SliceStable(keyed, func(i, j int) bool { return cmp(keyed[i], keyed[j]) < 0 })
	if c.Switch("Unique") {
		uniq := keyed[:0]
		for i, it := range keyed {
			if i == 0 || cmp(uniq[len(uniq)-1], it) != 0 {
				uniq = append(uniq, it)
			}
		}
		keyed = uniq
	}
	if c.Bound("Top") {
		keyed = keyed[:min(max(c.Int("Top"), 0), len(keyed))]
	}
	if c.Bound("Bottom") {
		keyed = keyed[len(keyed)-min(max(c.Int("Bottom"), 0), len(keyed)):]
	}
	for _, it := range keyed {
		if err := c.Write(it.v); err != nil {
			return err
		}
	}
	return nil
}

func groupObject() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:        "Group-Object",
		Module:      modUtility,
		Aliases:     []string{"group"},
		Synopsis:    "Groups objects that contain the same value for specified properties.",
		Description: "Group-Object puts objects with equal values of the given properties together and writes one GroupInfo per group (Count, Name, Group, Values), sorted by the group names. Text is compared case-insensitively unless -CaseSensitive is given.",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to group."},
			{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty, Help: "The properties, script blocks or hashtables to group by."},
			{Name: "NoElement", Type: cmdlet.Switch, Help: "Leaves the members out of the output."},
			{Name: "AsHashTable", Aliases: []string{"AHT"}, Type: cmdlet.Switch, Help: "Outputs one hashtable of group name to members."},
			{Name: "AsString", Type: cmdlet.Switch, Help: "Makes the hashtable keys strings."},
			{Name: "CaseSensitive", Type: cmdlet.Switch, Help: "Tells upper and lower case apart."},
			{Name: "Culture", Type: cmdlet.String, Help: "The culture for string comparison (accepted; comparison is invariant)."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-User | Group-Object Department -NoElement", Remarks: "Counts the users of each department."},
			{Code: "$byDept = Get-User | Group-Object Department -AsHashTable -AsString", Remarks: "Finds the users of a department with $byDept['Sales']."},
		},
		Process: CollectInput("InputObject"),
		End:     groupEnd,
	}
}

type group struct {
	name   string
	values []any
	items  []any
}

func groupEnd(c cmdlet.Call) error {
	keyed, _, err := keyedInput(c, "group")
	if err != nil {
		return err
	}
	cs := c.Switch("CaseSensitive")
	var groups []*group
	byKey := map[string]*group{}
	for _, it := range keyed {
		parts := make([]string, len(it.keys))
		for i, k := range it.keys {
			parts[i] = value.ToString(k)
		}
		name := strings.Join(parts, ", ")
		key := name
		if !cs {
			key = strings.ToLower(key)
		}
		g := byKey[key]
		if g == nil {
			g = &group{name: name, values: it.keys}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.items = append(g.items, it.v)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i].values, groups[j].values
		for k := range a {
			if n := compareKeys(a[k], b[k], cs); n != 0 {
				return n < 0
			}
		}
		return false
	})
	if c.Switch("AsHashTable") {
		return c.Write(groupTable(groups, c.Switch("AsString")))
	}
	for _, g := range groups {
		if err := c.Write(groupInfo(g, c.Switch("NoElement"))); err != nil {
			return err
		}
	}
	return nil
}

// groupInfo is the GroupInfo object of one group.
func groupInfo(g *group, noElement bool) *value.Object {
	if noElement {
		o := value.NewObject("Microsoft.PowerShell.Commands.GroupInfoNoElement", "Microsoft.PowerShell.Commands.GroupInfo", "System.Object")
		o.Set("Count", len(g.items))
		o.Set("Name", g.name)
		return o
	}
	o := value.NewObject("Microsoft.PowerShell.Commands.GroupInfo", "System.Object")
	o.Set("Count", len(g.items))
	o.Set("Name", g.name)
	o.Set("Group", g.items)
	o.Set("Values", g.values)
	return o
}

// groupTable is -AsHashTable's output: the group's value (or name, with
// -AsString) to its members.
func groupTable(groups []*group, asString bool) *value.Hashtable {
	h := value.NewHashtable()
	for _, g := range groups {
		var key any = g.name
		if !asString && len(g.values) == 1 && g.values[0] != nil {
			key = g.values[0]
		}
		h.Set(key, g.items)
	}
	return h
}

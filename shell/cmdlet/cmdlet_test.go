package cmdlet

import (
	"strings"
	"testing"

	"licsh/shell/value"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		c    Cmdlet
		want string // "" when the declaration is sound
	}{
		{"sound", Cmdlet{Name: "Get-Thing", Params: []*Param{
			{Name: "Id", Aliases: []string{"ObjectId"}, Type: String, Position: 1, Complete: CompleteUser},
			{Name: "All", Type: Switch},
			{Name: "Items", Type: "Object[]", ValueFromRemainingArguments: true},
		}}, ""},
		{"positions per set", Cmdlet{Name: "Get-Thing", DefaultParameterSet: "None", Params: []*Param{
			{Name: "Id", Position: 1, Sets: []string{"ById"}},
			{Name: "Name", Position: 1, Sets: []string{"ByName"}},
		}}, ""},
		{"not Verb-Noun", Cmdlet{Name: "Thing"}, `the cmdlet name "Thing" is not of the form Verb-Noun`},
		{"space in the name", Cmdlet{Name: "Get-My Thing"}, `the cmdlet name "Get-My Thing" is not of the form Verb-Noun`},
		{"parameter without a name", Cmdlet{Name: "Get-Thing", Params: []*Param{{Type: String}}}, "Get-Thing: a parameter has no name"},
		{"name twice", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "Id"}, {Name: "id"}}}, "Get-Thing: -id is declared twice (parameters Id and id)"},
		{"alias of another", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "Id"}, {Name: "Name", Aliases: []string{"ID"}}}},
			"Get-Thing: -ID is declared twice (parameters Id and Name)"},
		{"unknown type", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "Id", Type: "strnig"}}},
			`Get-Thing -Id: "strnig" is not a parameter type; use one of the cmdlet package's Type constants`},
		{"unknown completion", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "Id", Complete: "users"}}},
			`Get-Thing -Id: "users" is not a completion kind; use one of the cmdlet package's Complete constants`},
		{"two at a position", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "Id", Position: 1}, {Name: "Name", Position: 1, Sets: []string{"S"}}}},
			"Get-Thing: -Id and -Name both take position 1 in parameter set S"},
		{"negative position", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "Id", Position: -1}}}, "Get-Thing -Id: position -1 is below 1"},
		{"two take the rest", Cmdlet{Name: "Get-Thing", Params: []*Param{{Name: "A", ValueFromRemainingArguments: true}, {Name: "B", ValueFromRemainingArguments: true}}},
			"Get-Thing: -A and -B both take the remaining arguments"},
	} {
		err := tt.c.Check()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: Check() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTypes(t *testing.T) {
	t.Parallel()
	if !Type("").Is(Object) || !Strings.IsArray() || Strings.Elem() != String || !Type("SWITCH").Is(Switch) || String.Is(Strings) {
		t.Error("Type's Is, IsArray or Elem is wrong")
	}
	p := &Param{Name: "X", Type: "Switch", Sets: []string{"A"}}
	if !p.IsSwitch() || !p.InSet("a") || !p.InSet("") || p.InSet("B") {
		t.Error("Param's IsSwitch or InSet is wrong")
	}
	c := &Cmdlet{Params: []*Param{{Name: "Id", Sets: []string{"ById"}}, {Name: "Name", Sets: []string{"ByName", "byid"}}}}
	if c.Param("ID") != c.Params[0] || c.Param("Nope") != nil || strings.Join(c.ParameterSets(), ",") != "ById,ByName" {
		t.Error("Cmdlet's Param or ParameterSets is wrong")
	}
}

func TestIdentity(t *testing.T) {
	t.Parallel()
	obj := func(name, v string) *value.Object {
		o := value.NewObject()
		o.Set("Display name", "Ann")
		o.Set(name, v)
		return o
	}
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"ann@contoso.com", "ann@contoso.com"},
		{obj("UserPrincipalName", "a@x.com"), "a@x.com"},
		{obj("User principal name", "b@x.com"), "b@x.com"},
		{obj("UPN", "c@x.com"), "c@x.com"},
		{obj("ObjectId", "0b1e9a52-0000-4000-8000-000000000001"), "0b1e9a52-0000-4000-8000-000000000001"},
		{nil, ""},
	} {
		if got := Identity(tc.in); got != tc.want {
			t.Errorf("Identity(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	h := value.NewHashtable()
	h.Set("Sku", "SPE_E5")
	if Prop(h, "sku") != "SPE_E5" || Prop(h, "Nope") != "" || Prop(nil, "X") != "" {
		t.Error("Prop is wrong")
	}
	if Items(nil) != nil || len(Items("a")) != 1 || len(Items([]any{1, 2})) != 2 {
		t.Error("Items is wrong")
	}
	err := NewError("SeatsGone", "LimitsExceeded", "SPE_E5", "No seats.")
	var ve *value.Error
	if ve, _ = err.(*value.Error); ve == nil || ve.ID != "SeatsGone" || ve.Category != "LimitsExceeded" || ve.Target != "SPE_E5" || err.Error() != "No seats." {
		t.Errorf("NewError = %#v", err)
	}
	if Session() != nil {
		t.Error("a compiled program has a session")
	}
}

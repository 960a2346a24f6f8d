package interp

import (
	"testing"

	"licsh/shell/cmdlet"
)

func TestRegistryLoader(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	reg.Add(&cmdlet.Cmdlet{Name: "Get-Builtin", Aliases: []string{"gb"}})
	loads := 0
	reg.AddLoader(func(r *Registry) {
		loads++
		r.Add(&cmdlet.Cmdlet{Name: "Get-Loaded", Aliases: []string{"gl"}})
	})
	if reg.Lookup("get-builtin") == nil || reg.Lookup("GB") == nil {
		t.Fatal("a registered cmdlet is not found")
	}
	if loads != 0 {
		t.Fatalf("finding a registered cmdlet ran the loader %d times", loads)
	}
	if c := reg.Lookup("gl"); c == nil || c.Name != "Get-Loaded" {
		t.Fatalf("Lookup(gl) = %v after the loader", c)
	}
	if reg.Lookup("Get-Nothing") != nil || len(reg.Cmdlets()) != 2 || len(reg.Aliases()) != 2 {
		t.Fatal("the registry holds the wrong cmdlets")
	}
	if loads != 1 {
		t.Fatalf("the loader ran %d times, want once", loads)
	}
}

func TestRegistryRefuses(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	if err := reg.AddModule(&Module{Name: "Contoso.Tools", Version: "1.0", Cmdlets: []*cmdlet.Cmdlet{
		{Name: "Get-Seat", Aliases: []string{"gs"}},
	}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		c    *cmdlet.Cmdlet
		want string
	}{
		{&cmdlet.Cmdlet{Name: "get-seat"}, "get-seat is already the name of a built-in command Get-Seat"},
		{&cmdlet.Cmdlet{Name: "Get-Other", Aliases: []string{"GS"}}, "GS is already the name of a built-in command Get-Seat"},
		{&cmdlet.Cmdlet{Name: "Get-Other", Source: "x.go", Aliases: []string{"gs"}}, "gs is already the name of a built-in command Get-Seat"},
		{&cmdlet.Cmdlet{Name: "Other"}, `the cmdlet name "Other" is not of the form Verb-Noun`},
	} {
		if err := reg.Add(tt.c); err == nil || err.Error() != tt.want {
			t.Errorf("Add(%s) = %v, want %q", tt.c.Name, err, tt.want)
		}
	}
	if err := reg.AddModule(&Module{Name: "contoso.tools"}); err == nil {
		t.Error("a module of the same name was registered twice")
	}
	if err := reg.AddModule(&Module{Name: "Other", Cmdlets: []*cmdlet.Cmdlet{{Name: "Get-Odd", Module: "Elsewhere"}}}); err == nil ||
		err.Error() != "Get-Odd declares module Elsewhere but is registered with Other" {
		t.Errorf("a cmdlet of another module: %v", err)
	}
	if c := reg.Lookup("gs"); c == nil || c.Module != "Contoso.Tools" {
		t.Errorf("the module's cmdlet: %+v", c)
	}
	if m := reg.Module("CONTOSO.TOOLS"); m == nil || len(m.Cmdlets) != 1 || m.Version != "1.0" {
		t.Errorf("Module = %+v", m)
	}
}

func TestRegistryTypes(t *testing.T) {
	t.Parallel()
	reg := NewRegistry()
	ctor := func([]any) (any, error) { return "made", nil }
	if err := reg.AddModule(&Module{Name: "M", Types: map[string]func([]any) (any, error){"System.Widget": ctor}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"System.Widget", "widget", " WIDGET "} {
		if reg.Constructor(name) == nil {
			t.Errorf("no constructor for %q", name)
		}
	}
	if reg.Constructor("Gadget") != nil {
		t.Error("a constructor for a type no module has")
	}
}

package interp

import (
	"testing"

	"licsh/shell/cmdlet"
)

func TestRegistryLoader(t *testing.T) {
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

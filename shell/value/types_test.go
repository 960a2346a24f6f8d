package value

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// describe shows an object's properties in order and what a lookup of
// each name in another case finds.
func describe(o *Object) string {
	var b strings.Builder
	for _, p := range o.Props() {
		v, ok := o.Get(strings.ToUpper(p.Name))
		fmt.Fprintf(&b, "%s=%v(%v) ", p.Name, v, ok)
	}
	return strings.TrimSpace(b.String())
}

// TestObjectLookups holds objects of every size, with and without a shape,
// to the same behaviour: properties in the order added, found in any case,
// a second Set replacing the value in place and keeping the first spelling.
func TestObjectLookups(t *testing.T) {
	t.Parallel()
	names := []string{"Id", "Name", "Dept", "Mail", "City", "Title", "Phone", "Office", "Manager", "Country", "Zip"}
	want := func(n int) string {
		var parts []string
		for i, name := range names[:n] {
			parts = append(parts, fmt.Sprintf("%s=%d(true)", name, i*10))
		}
		return strings.Join(parts, " ")
	}
	shape := NewShape([]string{"t"}, names...)
	for n := 1; n <= len(names); n++ {
		makers := map[string]func() *Object{
			"plain": func() *Object { return NewObject("t") },
			"shape": shape.New,
			"zero":  func() *Object { return &Object{} },
		}
		for kind, make := range makers {
			o := make()
			for i, name := range names[:n] {
				o.Set(name, i)
			}
			for i, name := range names[:n] {
				o.Set(strings.ToLower(name), i*10)
			}
			if got := describe(o); got != want(n) {
				t.Errorf("%s object of %d: %s, want %s", kind, n, got, want(n))
			}
			if _, ok := o.Get(names[n%len(names)] + "x"); ok {
				t.Errorf("%s object of %d finds a property it lacks", kind, n)
			}
			if n < len(names) && o.Has(names[n]) {
				t.Errorf("%s object of %d has %s, which it was not given", kind, n, names[n])
			}
			c := o.Copy()
			c.Set("Extra", 1)
			c.Set(names[0], "changed")
			if o.Has("Extra") || o.Props()[0].Value != 0 {
				t.Errorf("%s object of %d: changing its copy changed it: %s", kind, n, describe(o))
			}
			if got := describe(c); !strings.HasPrefix(got, "Id=changed(true)") || !strings.HasSuffix(got, "Extra=1(true)") {
				t.Errorf("%s object of %d: copy %s", kind, n, got)
			}
		}
	}
}

// TestShapeOutOfOrder holds objects that leave their shape's order, skip
// its properties or add others to the behaviour of any object, and leaves
// the shape and its other objects as they were.
func TestShapeOutOfOrder(t *testing.T) {
	t.Parallel()
	shape := NewShape([]string{"licsh.User"}, "Id", "Name", "id", "Dept")
	tests := []struct {
		sets []string
		want string
	}{
		{[]string{"Id", "Name", "Dept"}, "Id=0(true) Name=1(true) Dept=2(true)"},
		{[]string{"Name", "Id"}, "Name=0(true) Id=1(true)"},
		{[]string{"Id", "Dept", "Name"}, "Id=0(true) Dept=1(true) Name=2(true)"},
		{[]string{"Id", "Other", "Name", "Dept"}, "Id=0(true) Other=1(true) Name=2(true) Dept=3(true)"},
		{[]string{"Id", "Name", "Dept", "More"}, "Id=0(true) Name=1(true) Dept=2(true) More=3(true)"},
		{[]string{"DEPT"}, "DEPT=0(true)"},
	}
	var wg sync.WaitGroup
	for _, tt := range tests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := shape.New()
			for i, name := range tt.sets {
				o.Set(name, i)
			}
			if got := describe(o); got != tt.want {
				t.Errorf("Set %v: %s, want %s", tt.sets, got, tt.want)
			}
			if o.TypeNames[0] != "licsh.User" {
				t.Errorf("Set %v: type names %v", tt.sets, o.TypeNames)
			}
		}()
	}
	wg.Wait()
	o := shape.New()
	o.Set("Id", 1)
	if _, ok := o.Get("Name"); ok {
		t.Errorf("an object of the shape given only Id finds Name")
	}
}

// BenchmarkShapedObject builds objects of sixteen properties, as Get-User
// does, and reads one back.
func BenchmarkShapedObject(b *testing.B) {
	names := []string{"Id", "UserPrincipalName", "DisplayName", "GivenName", "Surname", "Mail", "Department", "JobTitle",
		"UsageLocation", "UserType", "AccountEnabled", "OnPremisesSyncEnabled", "IsLicensed", "Licenses", "CreatedDateTime", "DeletedDateTime"}
	build := map[string]func() *Object{
		"plain": func() *Object { return NewObject("licsh.User") },
		"shape": NewShape([]string{"licsh.User"}, names...).New,
	}
	for _, kind := range []string{"plain", "shape"} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				o := build[kind]()
				for _, n := range names[:15] {
					o.Set(n, n)
				}
				if v, _ := o.Get("department"); v != "Department" {
					b.Fatal(v)
				}
			}
		})
	}
}

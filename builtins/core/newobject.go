package core

import (
	"fmt"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func newObjectCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "New-Object",
			Module:      modUtility,
			Synopsis:    "Creates an instance of a Microsoft .NET Framework or COM object.",
			Description: "New-Object makes a PSCustomObject (psobject, PSCustomObject or System.Object) with the properties of -Property, a list (System.Collections.Generic.List[object], System.Collections.ArrayList), a hashtable, or a date or time span from -ArgumentList.",
			Params: []*cmdlet.Param{
				{Name: "TypeName", Type: cmdlet.String, Position: 1, Mandatory: true, Help: "The type of object to make."},
				{Name: "ArgumentList", Aliases: []string{"Args"}, Type: cmdlet.Objects, Position: 2, Help: "The arguments of the type's constructor."},
				{Name: "Property", Type: cmdlet.Hashtable, Help: "Properties to set on the new object."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-Object PSObject -Property @{ UserPrincipalName = 'adele.garcia@contoso.com'; Result = 'OK' }", Remarks: "Makes a report row."},
				{Code: "$rows = New-Object System.Collections.Generic.List[object]", Remarks: "Makes a list to .Add() to."},
			},
			Process: newObject,
		},
	}
}

// types are the .NET types New-Object makes, by name without "System.".
func types() map[string]func(args []any) (any, error) {
	return map[string]func(args []any) (any, error){
		"psobject":                                newPSObjectValue,
		"management.automation.psobject":          newPSObjectValue,
		"pscustomobject":                          newPSObjectValue,
		"management.automation.pscustomobject":    newPSObjectValue,
		"object":                                  newPSObjectValue,
		"collections.arraylist":                   newList,
		"collections.generic.list[object]":        newList,
		"collections.generic.list[psobject]":      newList,
		"collections.generic.list[string]":        newList,
		"collections.generic.list[int]":           newList,
		"collections.generic.list[system.object]": newList,
		"collections.generic.list[system.string]": newList,
		"collections.hashtable":                   func([]any) (any, error) { return value.NewHashtable(), nil },
		"hashtable":                               func([]any) (any, error) { return value.NewHashtable(), nil },
		"collections.specialized.ordereddictionary": func([]any) (any, error) {
			h := value.NewHashtable()
			h.Ordered = true
			return h, nil
		},
		"datetime":                           newDate,
		"timespan":                           newTimeSpanValue,
		"management.automation.pscredential": newCredential,
		"pscredential":                       newCredential,
		"net.networkcredential":              newNetworkCredential,
	}
}

func newPSObjectValue([]any) (any, error) { return NewPSObject(), nil }

// newList makes an empty list, or one holding a collection's items; a
// number argument is the capacity.
func newList(args []any) (any, error) {
	l := &value.List{}
	if len(args) == 1 {
		if items, ok := value.Enumerate(args[0]); ok {
			l.Items = append(l.Items, items...)
		}
	}
	return l, nil
}

func intArgs(args []any) ([]int, error) {
	out := make([]int, len(args))
	for i, a := range args {
		n, err := value.Convert(a, "int")
		if err != nil {
			return nil, err
		}
		out[i] = n.(int)
	}
	return out, nil
}

// newDate is new DateTime(year, month, day[, hour, minute, second]).
func newDate(args []any) (any, error) {
	n, err := intArgs(args)
	if err != nil {
		return nil, err
	}
	switch len(n) {
	case 0:
		return time.Time{}, nil
	case 3:
		return time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.Local), nil
	case 6:
		return time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.Local), nil
	}
	return nil, fmt.Errorf("Cannot find an overload for \"DateTime\" and the argument count: \"%d\".", len(n))
}

// newTimeSpanValue is new TimeSpan(hours, minutes, seconds) or
// (days, hours, minutes, seconds).
func newTimeSpanValue(args []any) (any, error) {
	n, err := intArgs(args)
	if err != nil {
		return nil, err
	}
	switch len(n) {
	case 0:
		return time.Duration(0), nil
	case 3:
		return time.Duration(n[0])*time.Hour + time.Duration(n[1])*time.Minute + time.Duration(n[2])*time.Second, nil
	case 4:
		return time.Duration(n[0])*24*time.Hour + time.Duration(n[1])*time.Hour + time.Duration(n[2])*time.Minute + time.Duration(n[3])*time.Second, nil
	}
	return nil, fmt.Errorf("Cannot find an overload for \"TimeSpan\" and the argument count: \"%d\".", len(n))
}

func newObject(c cmdlet.Call) error {
	name := c.String("TypeName")
	ctor := interp.Inner(c).Runner().Registry().Constructor(name)
	if ctor == nil {
		if obj, ok, err := interp.Inner(c).NewInstance(name, asList(c.Get("ArgumentList"))); ok {
			if err != nil {
				return err
			}
			return c.Write(obj)
		}
		rec := interp.NewError(CommandID("TypeNotFound", c.Cmdlet().Name), "InvalidType", name,
			fmt.Sprintf("Cannot find type [%s]: verify that the assembly containing this type is loaded.", name))
		rec.Exception.Type = "System.Management.Automation.PSArgumentException"
		return rec
	}
	args := asList(c.Get("ArgumentList"))
	v, err := ctor(args)
	if err != nil {
		rec := interp.NewError(CommandID("ConstructorInvokedThrowException", c.Cmdlet().Name), "InvalidOperation", nil, err.Error())
		rec.Exception.Type = "System.Management.Automation.MethodException"
		return rec
	}
	if props, ok := c.Get("Property").(*value.Hashtable); ok {
		for _, e := range props.Entries() {
			name := value.ToString(e.Key)
			if o, ok := v.(*value.Object); ok {
				o.Set(name, e.Value)
				continue
			}
			if err := value.SetMember(v, name, e.Value); err != nil {
				return err
			}
		}
	}
	return c.Write(v)
}

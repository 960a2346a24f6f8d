package core

import (
	"fmt"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// memberTypes are the -MemberType values pwsh accepts; licsh adds note
// properties only.
var memberTypes = []string{
	"AliasProperty", "CodeProperty", "Property", "NoteProperty", "ScriptProperty", "Properties",
	"PropertySet", "Method", "CodeMethod", "ScriptMethod", "Methods", "ParameterizedProperty",
	"MemberSet", "Event", "Dynamic", "All",
}

func memberCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:                "Add-Member",
		Module:              modUtility,
		Synopsis:            "Adds custom properties and methods to an instance of a PowerShell object.",
		Description:         "Add-Member adds note properties to an object: one with -NotePropertyName and -NotePropertyValue (or -MemberType NoteProperty -Name -Value), several from a hashtable with -NotePropertyMembers. A member that exists is kept unless -Force replaces it; -PassThru outputs the object.",
		DefaultParameterSet: "TypeNameSet",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.PSObject, Mandatory: true, ValueFromPipeline: true, Help: "The object to add the members to."},
			{Name: "MemberType", Aliases: []string{"Type"}, Type: cmdlet.String, Position: 1, Mandatory: true, Sets: []string{"MemberSet"}, ValidateSet: memberTypes, Help: "The type of member to add; licsh adds NoteProperty members."},
			{Name: "Name", Type: cmdlet.String, Position: 2, Mandatory: true, Sets: []string{"MemberSet"}, Help: "The name of the member."},
			{Name: "Value", Type: cmdlet.Object, Position: 3, Sets: []string{"MemberSet"}, Help: "The value of the member."},
			{Name: "NotePropertyName", Type: cmdlet.String, Position: 1, Mandatory: true, Sets: []string{"NotePropertySingleMemberSet"}, Help: "The name of the note property to add."},
			{Name: "NotePropertyValue", Type: cmdlet.Object, Position: 2, Mandatory: true, Sets: []string{"NotePropertySingleMemberSet"}, Help: "The value of the note property."},
			{Name: "NotePropertyMembers", Type: cmdlet.Hashtable, Position: 1, Mandatory: true, Sets: []string{"NotePropertyMultiMemberSet"}, Help: "Note properties to add, as names and values."},
			{Name: "TypeName", Type: cmdlet.String, Help: "A type name to put first in the object's type names."},
			{Name: "Force", Type: cmdlet.Switch, Help: "Replaces a member of the same name."},
			{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the object."},
		},
		Examples: []cmdlet.Example{
			{Code: "$u = Get-User adele.garcia@contoso.com\n$u | Add-Member -NotePropertyName Checked -NotePropertyValue $true", Remarks: "Adds a Checked property to the object in $u."},
			{Code: "$row = [pscustomobject]@{Upn = 'adele.garcia@contoso.com'} | Add-Member @{Status = 'Done'; Seats = 1} -PassThru", Remarks: "Adds two properties and keeps the object."},
		},
		Process: addMember,
	}}
}

func addMember(c cmdlet.Call) error {
	input := c.Get("InputObject")
	obj, ok := input.(*value.Object)
	if !ok {
		rec := interp.NewError(CommandID("CannotAddMember", c.Cmdlet().Name), "InvalidOperation", input,
			fmt.Sprintf("Cannot add a member to an object of type \"%s\"; licsh adds members to custom objects only.", value.TypeName(input)))
		return c.WriteError(rec)
	}
	var names []string
	var values []any
	switch c.ParameterSet() {
	case "NotePropertyMultiMemberSet":
		if h, ok := c.Get("NotePropertyMembers").(*value.Hashtable); ok {
			for _, e := range h.Entries() {
				names, values = append(names, value.ToString(e.Key)), append(values, e.Value)
			}
		}
	case "NotePropertySingleMemberSet":
		names, values = []string{c.String("NotePropertyName")}, []any{c.Get("NotePropertyValue")}
	case "MemberSet":
		if kind := c.String("MemberType"); !value.Like(kind, "NoteProperty", false) {
			return argumentError(c.Cmdlet().Name, "CannotAddMemberType",
				fmt.Sprintf("Cannot add a member of type \"%s\"; licsh adds NoteProperty members only.", kind), kind)
		}
		names, values = []string{c.String("Name")}, []any{c.Get("Value")}
	}
	for i, name := range names {
		if obj.Has(name) && !c.Switch("Force") {
			rec := interp.NewError(CommandID("MemberAlreadyExists", c.Cmdlet().Name), "InvalidOperation", obj,
				fmt.Sprintf("Cannot add a member with the name \"%s\" because a member with that name already exists. To overwrite the member anyway, add the Force parameter to your command.", name))
			rec.Exception.Type = "System.InvalidOperationException"
			if err := c.WriteError(rec); err != nil {
				return err
			}
			continue
		}
		obj.Set(name, values[i])
	}
	if t := c.String("TypeName"); t != "" {
		obj.TypeNames = append([]string{t}, obj.TypeNames...)
	}
	if c.Switch("PassThru") {
		return c.Write(obj)
	}
	return nil
}

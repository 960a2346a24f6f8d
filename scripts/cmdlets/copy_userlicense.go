//go:build licsh

// Copy-UserLicense: giving a new starter the licenses of a colleague in the
// same role, with the same service plans turned off.
package cmdlets

import (
	"strings"

	"licsh/shell/interp"
	"licsh/shell/value"
)

var Cmdlets = []*interp.Cmdlet{{
	Name:     "Copy-UserLicense",
	Synopsis: "Gives users the licenses another user holds directly, with the same disabled service plans.",
	Description: "Copy-UserLicense assigns to each -To user every license the -From user holds directly, with the same service plans turned off, " +
		"in one atomic change per user. Licenses the target already holds, directly or through a group, are skipped. " +
		"Licenses the -From user inherits from a group are not copied: add the user to the group instead; a warning names them. " +
		"It writes one object per target: the licenses added and those skipped.",
	SupportsShouldProcess: true,
	Params: []*interp.Param{
		{Name: "From", Type: "string", Position: 1, Mandatory: true, Complete: "user",
			Help: "The user whose licenses are copied: a user principal name or object id."},
		{Name: "To", Aliases: []string{"UserPrincipalName", "UPN", "Id"}, Type: "object[]", Position: 2, Mandatory: true,
			ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: "user",
			Help: "The users who get the licenses: user principal names, object ids or user objects."},
	},
	Examples: []interp.Example{
		{Code: "Copy-UserLicense -From adele.vance@contoso.com -To new.starter@contoso.com", Remarks: "Gives the starter Adele's licenses."},
		{Code: "Import-Csv starters.csv | Copy-UserLicense -From template.sales@contoso.com -WhatIf", Remarks: "Shows what the listed starters would get."},
	},
	Outputs: "licsh.CopiedLicenses",
	Begin:   readSource,
	Process: copyUserLicense,
}}

// source is what the -From user holds directly, read once per pipeline.
type source struct {
	upn      string
	licenses []any // part numbers
	disabled map[string][]any
}

func readSource(c *interp.Call) error {
	users, err := run(c, "Get-User", map[string]any{"Identity": c.String("From")})
	if err != nil {
		return err
	}
	src := &source{upn: prop(users[0], "UserPrincipalName"), disabled: map[string][]any{}}
	held, err := run(c, "Get-UserLicense", map[string]any{"Identity": src.upn})
	if err != nil {
		return err
	}
	var inherited []string
	for _, l := range held {
		sku := prop(l, "SkuPartNumber")
		if prop(l, "AssignedBy") != "Direct" {
			inherited = append(inherited, sku+" ("+prop(l, "AssignedBy")+")")
			continue
		}
		src.licenses = append(src.licenses, sku)
		plans, _ := value.GetMember(l, "DisabledPlans")
		items, _ := value.Enumerate(plans)
		src.disabled[sku] = items
	}
	if len(inherited) > 0 {
		c.WriteWarning(src.upn + " holds " + strings.Join(inherited, ", ") + " through a group; these are not copied. Add the users to the group instead.")
	}
	c.State = src
	return nil
}

func copyUserLicense(c *interp.Call) error {
	src, _ := c.State.(*source)
	items, ok := value.Enumerate(c.Get("To"))
	if !ok {
		items = []any{c.Get("To")}
	}
	for _, it := range items {
		if err := copyTo(c, src, identityText(it)); err != nil {
			if werr := c.WriteError(err); werr != nil {
				return werr
			}
		}
	}
	return nil
}

// copyTo gives one user the licenses of src that they do not hold yet.
func copyTo(c *interp.Call, src *source, id string) error {
	users, err := run(c, "Get-User", map[string]any{"Identity": id})
	if err != nil {
		return err
	}
	upn := prop(users[0], "UserPrincipalName")
	has := map[string]bool{}
	for _, sku := range enumerate(prop0(users[0], "Licenses")) {
		has[strings.ToLower(value.ToString(sku))] = true
	}
	var add, added, skipped []any
	var names []string
	for _, sku := range src.licenses {
		name := value.ToString(sku)
		if has[strings.ToLower(name)] {
			skipped = append(skipped, name)
			continue
		}
		spec := value.NewHashtable()
		spec.Set("SkuId", name)
		spec.Set("DisabledPlans", src.disabled[name])
		add = append(add, spec)
		added = append(added, name)
		names = append(names, name)
	}
	if len(add) > 0 {
		action := "Copy licenses " + strings.Join(names, ", ") + " from " + src.upn
		if ok, err := c.ShouldProcess(upn, action); !ok || err != nil {
			return err
		}
		if _, err := run(c, "Set-UserLicense", map[string]any{"Identity": upn, "AddLicenses": add}); err != nil {
			return err
		}
	}
	report := value.NewObject("licsh.CopiedLicenses")
	report.Set("UserPrincipalName", upn)
	report.Set("From", src.upn)
	report.Set("Added", nonNil(added))
	report.Set("Skipped", nonNil(skipped))
	return c.Write(report)
}

// run runs a tenant cmdlet and returns its first error instead of showing
// it, as an error of this cmdlet that the caller's -ErrorAction governs.
func run(c *interp.Call, name string, params map[string]any) ([]any, error) {
	params["ErrorAction"] = "Stop"
	return c.RunCommand(name, params, nil)
}

// identityText is the user an -Identity value names: a user principal name
// or object id as given, or the UserPrincipalName (else Id) of an object.
func identityText(v any) string {
	for _, name := range []string{"UserPrincipalName", "Id"} {
		if o, ok := v.(*value.Object); ok {
			if p, found := o.Get(name); found && p != nil {
				return value.ToString(p)
			}
		}
	}
	return value.ToString(v)
}

// prop0 returns an object's property as it is.
func prop0(v any, name string) any {
	p, _ := value.GetMember(v, name)
	return p
}

// prop returns an object's property as a string.
func prop(v any, name string) string {
	p := prop0(v, name)
	if p == nil {
		return ""
	}
	return value.ToString(p)
}

// enumerate returns the items of a collection, or the value alone.
func enumerate(v any) []any {
	if v == nil {
		return nil
	}
	if items, ok := value.Enumerate(v); ok {
		return items
	}
	return []any{v}
}

// nonNil makes an empty list an empty PowerShell array rather than $null.
func nonNil(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

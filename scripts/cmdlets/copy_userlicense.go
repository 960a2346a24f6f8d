//go:build licsh

// Copy-UserLicense: giving a new starter the licenses of a colleague in the
// same role, with the same service plans turned off.
package cmdlets

import (
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

var Cmdlets = []*cmdlet.Cmdlet{{
	Name:     "Copy-UserLicense",
	Synopsis: "Gives users the licenses another user holds directly, with the same disabled service plans.",
	Description: "Copy-UserLicense assigns to each -To user every license the -From user holds directly, with the same service plans turned off, " +
		"in one atomic change per user. Licenses the target already holds, directly or through a group, are skipped. " +
		"Licenses the -From user inherits from a group are not copied: add the user to the group instead; a warning names them. " +
		"It writes one object per target: the licenses added and those skipped.",
	SupportsShouldProcess: true,
	Params: []*cmdlet.Param{
		{Name: "From", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompleteUser,
			Help: "The user whose licenses are copied: a user principal name or object id."},
		{Name: "To", Aliases: []string{"UserPrincipalName", "UPN", "Id"}, Type: cmdlet.Objects, Position: 2, Mandatory: true,
			ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser,
			Help: "The users who get the licenses: user principal names, object ids or user objects."},
	},
	Examples: []cmdlet.Example{
		{Code: "Copy-UserLicense -From adele.garcia@contoso.com -To tomas.fernandez@contoso.com", Remarks: "Gives Tomas the licenses Adele holds directly."},
		{Code: "Import-Csv users.csv | Copy-UserLicense -From adele.garcia@contoso.com -WhatIf", Remarks: "Shows what the listed users would get."},
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

func readSource(c cmdlet.Call) error {
	users, err := cmdlet.Run(c, "Get-User", map[string]any{"Identity": c.String("From")})
	if err != nil {
		return err
	}
	src := &source{upn: cmdlet.Prop(users[0], "UserPrincipalName"), disabled: map[string][]any{}}
	held, err := cmdlet.Run(c, "Get-UserLicense", map[string]any{"Identity": src.upn})
	if err != nil {
		return err
	}
	var inherited []string
	for _, l := range held {
		sku := cmdlet.Prop(l, "SkuPartNumber")
		if cmdlet.Prop(l, "AssignedBy") != "Direct" {
			inherited = append(inherited, sku+" ("+cmdlet.Prop(l, "AssignedBy")+")")
			continue
		}
		src.licenses = append(src.licenses, sku)
		plans, _ := value.GetMember(l, "DisabledPlans")
		src.disabled[sku] = cmdlet.Items(plans)
	}
	if len(inherited) > 0 {
		c.WriteWarning(src.upn + " holds " + strings.Join(inherited, ", ") + " through a group; these are not copied. Add the users to the group instead.")
	}
	c.SetState(src)
	return nil
}

func copyUserLicense(c cmdlet.Call) error {
	src, _ := c.State().(*source)
	items := cmdlet.Items(c.Get("To"))
	for _, it := range items {
		if err := copyTo(c, src, cmdlet.Identity(it)); err != nil {
			if werr := c.WriteError(err); werr != nil {
				return werr
			}
		}
	}
	return nil
}

// copyTo gives one user the licenses of src that they do not hold yet.
func copyTo(c cmdlet.Call, src *source, id string) error {
	users, err := cmdlet.Run(c, "Get-User", map[string]any{"Identity": id})
	if err != nil {
		return err
	}
	upn := cmdlet.Prop(users[0], "UserPrincipalName")
	has := map[string]bool{}
	licenses, _ := value.GetMember(users[0], "Licenses")
	for _, sku := range cmdlet.Items(licenses) {
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
		if _, err := cmdlet.Run(c, "Set-UserLicense", map[string]any{"Identity": upn, "AddLicenses": add}); err != nil {
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

// nonNil makes an empty list an empty PowerShell array rather than $null.
func nonNil(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

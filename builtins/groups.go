package builtins

import (
	"context"
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// groupParam is the -Group of the member and license cmdlets.
func groupParam() *interp.Param {
	return &interp.Param{Name: "Group", Aliases: []string{"GroupId", "Identity"}, Type: "string", Position: 1, Mandatory: true,
		Complete: "group", Help: "The group's display name or id."}
}

// memberParam is the -Member of Add-GroupMember and Remove-GroupMember,
// which also takes users from the pipeline.
func memberParam() *interp.Param {
	return &interp.Param{Name: "Member", Aliases: []string{"Members", "UserPrincipalName"}, Type: "object[]", Position: 2, Mandatory: true,
		ValueFromPipeline: true, Complete: "user", Help: "The users: user principal names, object ids or user objects."}
}

func groupCmdlets(ts *TenantSession) []*interp.Cmdlet {
	return []*interp.Cmdlet{
		{
			Name:        "Get-Group",
			Synopsis:    "Gets the tenant's groups.",
			Description: "Get-Group outputs one group, or every group by display name: its id, display name, the licenses it assigns to its members and its member count.",
			Params: []*interp.Param{
				{Name: "Identity", Aliases: []string{"GroupId", "DisplayName"}, Type: "string", Position: 1, ValueFromPipelineByPropertyName: true, Complete: "group", Help: "The group's display name or id; every group when not given."},
			},
			Examples: []interp.Example{
				{Code: "Get-Group", Remarks: "Every group."},
				{Code: "Get-Group 'Sales Licensing'", Remarks: "One group."},
			},
			Process: func(c *interp.Call) error {
				st, err := ts.open(c)
				if err != nil {
					return err
				}
				groups, err := st.Groups(c.Context(), c.String("Identity"))
				if err != nil {
					return tenantFail(c, err, c.String("Identity"))
				}
				for _, g := range groups {
					if err := c.Write(tenantGroupObject(g)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:        "New-Group",
			Synopsis:    "Creates a security group.",
			Description: "New-Group creates a group and outputs it. Display names are unique in the tenant, so that commands can name groups. Global, User and Groups Administrators may.",
			Params: []*interp.Param{
				{Name: "DisplayName", Aliases: []string{"Name"}, Type: "string", Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The group's name."},
			},
			Examples: []interp.Example{
				{Code: "New-Group -DisplayName 'Sales Licensing'", Remarks: "A group to license the Sales department."},
			},
			Process: func(c *interp.Call) error {
				st, err := ts.open(c)
				if err != nil {
					return err
				}
				g, err := st.NewGroup(c.Context(), c.String("DisplayName"))
				if err != nil {
					return tenantFail(c, err, c.String("DisplayName"))
				}
				return c.Write(tenantGroupObject(g))
			},
		},
		{
			Name:                  "Add-GroupMember",
			Synopsis:              "Adds users to a group; they inherit its licenses.",
			Description:           "Add-GroupMember adds users to a group, all or none. They inherit the group's licenses at once, if there are seats for all of them.",
			SupportsShouldProcess: true,
			Params:                []*interp.Param{groupParam(), memberParam()},
			Examples: []interp.Example{
				{Code: "Add-GroupMember -Group 'Sales Licensing' -Member adele@contoso.com, alex@contoso.com", Remarks: "Adds two users."},
				{Code: "Get-User -Department Sales -All | Add-GroupMember -Group 'Sales Licensing'", Remarks: "Adds a department."},
			},
			Process: func(c *interp.Call) error {
				return changeMembers(c, ts, "Add member", (*tenant.Store).AddGroupMembers)
			},
		},
		{
			Name:                  "Remove-GroupMember",
			Synopsis:              "Removes users from a group; the licenses they inherited from it go.",
			Description:           "Remove-GroupMember removes users from a group, all or none. The licenses they inherited from the group are removed with it; a user who is not a member is an error.",
			SupportsShouldProcess: true,
			Params:                []*interp.Param{groupParam(), memberParam()},
			Examples: []interp.Example{
				{Code: "Remove-GroupMember -Group 'Sales Licensing' -Member adele@contoso.com", Remarks: "Removes one member."},
			},
			Process: func(c *interp.Call) error {
				return changeMembers(c, ts, "Remove member", (*tenant.Store).RemoveGroupMembers)
			},
		},
		{
			Name:        "Get-GroupMember",
			Synopsis:    "Gets the members of a group.",
			Description: "Get-GroupMember outputs a group's users in user principal name order.",
			Params:      []*interp.Param{groupParam()},
			Examples: []interp.Example{
				{Code: "Get-GroupMember -Group 'Sales Licensing'", Remarks: "The group's members."},
			},
			Process: func(c *interp.Call) error {
				st, err := ts.open(c)
				if err != nil {
					return err
				}
				users, err := st.GroupMembers(c.Context(), c.String("Group"))
				if err != nil {
					return tenantFail(c, err, c.String("Group"))
				}
				for _, u := range users {
					if err := c.Write(userObject(u)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:                  "Set-GroupLicense",
			Synopsis:              "Changes the licenses a group assigns to its members.",
			Description:           "Set-GroupLicense adds and removes the licenses a group assigns, applying them to every member, all or nothing. The rules for assigning licenses to users apply.",
			SupportsShouldProcess: true,
			Params: []*interp.Param{
				groupParam(),
				{Name: "AddLicenses", Type: "object[]", Complete: "sku", Help: "Licenses to assign: SKU texts, or hashtables @{SkuId=...; DisabledPlans=...}."},
				{Name: "RemoveLicenses", Type: "string[]", Complete: "sku", Help: "Licenses to remove."},
				{Name: "DisabledPlans", Type: "string[]", Help: "Service plans to turn off in the added licenses that do not name their own."},
				{Name: "PassThru", Type: "switch", Help: "Outputs the changed group."},
			},
			Examples: []interp.Example{
				{Code: "Set-GroupLicense -Group 'Sales Licensing' -AddLicenses SPE_E3", Remarks: "Gives every member Microsoft 365 E3."},
			},
			Process: func(c *interp.Call) error {
				st, err := ts.open(c)
				if err != nil {
					return err
				}
				group := c.String("Group")
				add, err := addLicenses(c.Get("AddLicenses"), c.Strings("DisabledPlans"))
				if err != nil {
					return c.WriteError(err)
				}
				remove := c.Strings("RemoveLicenses")
				var actions []string
				for _, a := range add {
					actions = append(actions, "Add license "+a.SkuID)
				}
				for _, r := range remove {
					actions = append(actions, "Remove license "+r)
				}
				if len(actions) > 0 {
					if ok, err := c.ShouldProcess(group, strings.Join(actions, ", ")); !ok || err != nil {
						return err
					}
				}
				g, err := st.SetGroupLicense(c.Context(), group, add, remove)
				if err != nil {
					return tenantFail(c, err, group)
				}
				if c.Switch("PassThru") {
					return c.Write(tenantGroupObject(g))
				}
				return nil
			},
		},
	}
}

// changeMembers adds or removes the members of one call, all or none.
func changeMembers(c *interp.Call, ts *TenantSession, action string,
	change func(*tenant.Store, context.Context, string, []string) error) error {
	st, err := ts.open(c)
	if err != nil {
		return err
	}
	group := c.String("Group")
	members := identities(c.Get("Member"))
	if ok, err := c.ShouldProcess(group, action+" "+strings.Join(members, ", ")); !ok || err != nil {
		return err
	}
	if err := change(st, c.Context(), group, members); err != nil {
		return tenantFail(c, err, group)
	}
	return nil
}

// identities reads users from a parameter that takes several.
func identities(v any) []string {
	items, ok := value.Enumerate(v)
	if !ok {
		items = []any{v}
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, identityOf(it))
	}
	return out
}

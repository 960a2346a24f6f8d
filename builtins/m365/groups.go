package m365

import (
	"context"
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

// groupParam is the -Group of the member and license cmdlets.
func groupParam() *cmdlet.Param {
	return &cmdlet.Param{Name: "Group", Aliases: []string{"GroupId", "Identity"}, Type: cmdlet.String, Position: 1, Mandatory: true,
		Complete: cmdlet.CompleteGroup, Help: "The group's display name or id."}
}

// memberParam is the -Member of Add-GroupMember and Remove-GroupMember,
// which also takes users from the pipeline.
func memberParam() *cmdlet.Param {
	return &cmdlet.Param{Name: "Member", Aliases: []string{"Members", "UserPrincipalName"}, Type: cmdlet.Objects, Position: 2, Mandatory: true,
		ValueFromPipeline: true, Complete: cmdlet.CompleteUser, Help: "The users: user principal names, object ids or user objects."}
}

func groupCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Group",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's groups.",
			Description: "Get-Group outputs one group, or every group by display name: its id, display name, the licenses it assigns to its members and its member count.",
			Params: []*cmdlet.Param{
				{Name: "Identity", Aliases: []string{"GroupId", "DisplayName"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's display name or id; every group when not given."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Group", Remarks: "Every group."},
				{Code: "Get-Group 'All Sales'", Remarks: "One group."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				groups, err := st.Groups(c.Context(), c.String("Identity"))
				if err != nil {
					return Fail(c, err, c.String("Identity"))
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
			Module:      moduleName,
			Synopsis:    "Creates a security group.",
			Description: "New-Group creates a group and outputs it. Display names are unique in the tenant, so that commands can name groups. Global, User and Groups Administrators may.",
			Params: []*cmdlet.Param{
				{Name: "DisplayName", Aliases: []string{"Name"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The group's name."},
			},
			Examples: []cmdlet.Example{
				{Code: "New-Group -DisplayName 'Sales Licensing'", Remarks: "A group to license the Sales department."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				g, err := st.NewGroup(c.Context(), c.String("DisplayName"))
				if err != nil {
					return Fail(c, err, c.String("DisplayName"))
				}
				return c.Write(tenantGroupObject(g))
			},
		},
		{
			Name:                  "Add-GroupMember",
			Module:                moduleName,
			Synopsis:              "Adds users to a group; they inherit its licenses.",
			Description:           "Add-GroupMember adds users to a group, all or none. They inherit the group's licenses at once, if there are seats for all of them.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{groupParam(), memberParam()},
			Examples: []cmdlet.Example{
				{Code: "Add-GroupMember -Group 'All Sales' -Member adele.garcia@contoso.com, alex.pino@contoso.com", Remarks: "Adds two users."},
				{Code: "Get-User -Department Sales -All | Add-GroupMember -Group 'All Sales'", Remarks: "Adds a department."},
			},
			Process: func(c cmdlet.Call) error {
				return changeMembers(c, ts, "Add member", tenant.Directory.AddGroupMembers)
			},
		},
		{
			Name:                  "Remove-GroupMember",
			Module:                moduleName,
			Synopsis:              "Removes users from a group; the licenses they inherited from it go.",
			Description:           "Remove-GroupMember removes users from a group, all or none. The licenses they inherited from the group are removed with it; a user who is not a member is an error.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{groupParam(), memberParam()},
			Examples: []cmdlet.Example{
				{Code: "Remove-GroupMember -Group 'Power BI Users' -Member adele.garcia@contoso.com", Remarks: "Removes one member."},
			},
			Process: func(c cmdlet.Call) error {
				return changeMembers(c, ts, "Remove member", tenant.Directory.RemoveGroupMembers)
			},
		},
		{
			Name:        "Get-GroupMember",
			Module:      moduleName,
			Synopsis:    "Gets the members of a group.",
			Description: "Get-GroupMember outputs a group's users in user principal name order.",
			Params:      []*cmdlet.Param{groupParam()},
			Examples: []cmdlet.Example{
				{Code: "Get-GroupMember -Group 'All Sales'", Remarks: "The group's members."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				users, err := st.GroupMembers(c.Context(), c.String("Group"))
				if err != nil {
					return Fail(c, err, c.String("Group"))
				}
				shape := userShape()
				for _, u := range users {
					if err := c.Write(userObject(shape, u)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:                  "Set-GroupLicense",
			Module:                moduleName,
			Synopsis:              "Changes the licenses a group assigns to its members.",
			Description:           "Set-GroupLicense adds and removes the licenses a group assigns, applying them to every member, all or nothing. The rules for assigning licenses to users apply.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				groupParam(),
				{Name: "AddLicenses", Type: cmdlet.Objects, Complete: cmdlet.CompleteSku, Help: "Licenses to assign: SKU texts, or hashtables @{SkuId=...; DisabledPlans=...}."},
				{Name: "RemoveLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku, Help: "Licenses to remove."},
				{Name: "DisabledPlans", Type: cmdlet.Strings, Help: "Service plans to turn off in the added licenses that do not name their own."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the changed group."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-GroupLicense -Group 'All Sales' -AddLicenses SPE_E3", Remarks: "Gives every member Microsoft 365 E3."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				group := c.String("Group")
				add, err := addLicenses(c.Get("AddLicenses"), c.Strings("DisabledPlans"))
				if err != nil {
					return c.WriteError(err)
				}
				remove := c.Strings("RemoveLicenses")
				adds := make([]string, len(add))
				for i, a := range add {
					adds[i] = a.SkuID
				}
				if actions := LicenseAction(adds, remove); actions != "" {
					if ok, err := c.ShouldProcess(group, actions); !ok || err != nil {
						return err
					}
				}
				g, err := st.SetGroupLicense(c.Context(), group, add, remove)
				if err != nil {
					return Fail(c, err, group)
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
func changeMembers(c cmdlet.Call, ts *Session, action string,
	change func(tenant.Directory, context.Context, string, []string) error) error {
	st, err := ts.Open(c)
	if err != nil {
		return err
	}
	group := c.String("Group")
	members := identities(c.Get("Member"))
	if ok, err := c.ShouldProcess(group, action+" "+strings.Join(members, ", ")); !ok || err != nil {
		return err
	}
	if err := change(st, c.Context(), group, members); err != nil {
		return Fail(c, err, group)
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
		out = append(out, cmdlet.Identity(it))
	}
	return out
}

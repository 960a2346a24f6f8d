package graph

import (
	"context"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// memberCmdlets are the cmdlets that change and read memberships: who is
// in a group, who owns it, what a user is a member of.
func (g *graphModule) memberCmdlets() []*cmdlet.Cmdlet {
	groupID := func(help string) *cmdlet.Param {
		return &cmdlet.Param{Name: "GroupId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true,
			Complete: cmdlet.CompleteGroup, Help: help}
	}
	member := &cmdlet.Param{Name: "DirectoryObjectId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true,
		Complete: cmdlet.CompleteUser, Help: "The member's object id (a user principal name is taken too)."}
	return []*cmdlet.Cmdlet{
		{
			Name:                  "New-MgGroupMember",
			Module:                modGroups,
			Synopsis:              "Adds a member to a group.",
			Description:           "New-MgGroupMember adds a user to a group, who inherits the group's licenses at once; Global, User and Groups Administrators may. A user who is a member already is refused, as Graph refuses the reference. It outputs nothing.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{groupID("The group's object id."), member},
			Examples: []cmdlet.Example{
				{Code: "$group = Get-MgGroup -Filter \"displayName eq 'All Sales'\"\n$user = Get-MgUser -UserId pradeep.wilber@contoso.com\nNew-MgGroupMember -GroupId $group.Id -DirectoryObjectId $user.Id", Remarks: "Adds a user to a group."},
			},
			Process: func(c cmdlet.Call) error {
				return g.changeMember(c, "Create", "New-MgGroupMember_Create", tenant.Directory.AddGroupMember)
			},
		},
		{
			Name:                  "Remove-MgGroupMemberByRef",
			Module:                modGroups,
			Synopsis:              "Removes a member from a group.",
			Description:           "Remove-MgGroupMemberByRef removes a user from a group; the licenses the user inherited from it go with it. A user who is not a member is not found, as in Graph. It outputs nothing.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{groupID("The group's object id."), member},
			Examples: []cmdlet.Example{
				{Code: "$group = Get-MgGroup -Filter \"displayName eq 'Power BI Users'\"\n$user = Get-MgUser -UserId adele.garcia@contoso.com\nRemove-MgGroupMemberByRef -GroupId $group.Id -DirectoryObjectId $user.Id", Remarks: "Removes a user from a group."},
			},
			Process: func(c cmdlet.Call) error {
				return g.changeMember(c, "Delete", "Remove-MgGroupMemberByRef_Delete", func(st tenant.Directory, ctx context.Context, group, user string) error {
					return st.RemoveGroupMembers(ctx, group, []string{user})
				})
			},
		},
		{
			Name:        "Get-MgGroupOwner",
			Module:      modGroups,
			Synopsis:    "Gets the owners of a group.",
			Description: "Get-MgGroupOwner lists a group's owners as directory objects: the owners of Microsoft 365 and distribution groups (New-UnifiedGroup -Owner, Add-UnifiedGroupLinks -LinkType Owners, New-DistributionGroup -ManagedBy); security groups that admins manage have none.",
			Params:      append([]*cmdlet.Param{groupID("The group's object id.")}, pageParams("owner")...),
			Examples: []cmdlet.Example{
				{Code: "$group = Get-MgGroup -Filter \"displayName eq 'All Sales'\"\nGet-MgGroupOwner -GroupId $group.Id -All", Remarks: "A group's owners."},
			},
			Process: g.groupOwners,
		},
		{
			Name:        "Get-MgUserMemberOf",
			Module:      modUsers,
			Synopsis:    "Gets the groups and directory roles a user is a member of.",
			Description: "Get-MgUserMemberOf lists the groups (by display name) and then the directory roles a user is a direct member of, as directory objects whose AdditionalProperties hold @odata.type (#microsoft.graph.group or #microsoft.graph.directoryRole) and displayName: 100 without -All, as Graph pages.",
			Params: append([]*cmdlet.Param{
				{Name: "UserId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true,
					Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "Accepted for compatibility: every property is returned."},
			}, pageParams("group")...),
			Examples: []cmdlet.Example{
				{Code: "Get-MgUserMemberOf -UserId adele.garcia@contoso.com -All | ForEach-Object { $_.AdditionalProperties.displayName }", Remarks: "The names of a user's groups."},
			},
			Process: g.memberOf,
		},
	}
}

func (g *graphModule) changeMember(c cmdlet.Call, set, action string, change func(tenant.Directory, context.Context, string, string) error) error {
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	group, user := c.String("GroupId"), c.String("DirectoryObjectId")
	if ok, err := c.ShouldProcess(group, action); !ok || err != nil {
		return err
	}
	err = change(st, c.Context(), group, user)
	switch {
	case tenant.IsCode(err, tenant.CodeGroupNotFound):
		err = tenant.ErrUserNotFound(group)
	case tenant.IsCode(err, tenant.CodeNotMember):
		err = tenant.ErrUserNotFound(user)
	}
	if err != nil {
		return g.conn.Fail(c, set, err, group)
	}
	return nil
}

func (g *graphModule) groupOwners(c cmdlet.Call) error {
	const set = "List"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String("GroupId")
	owners, err := st.GroupOwners(c.Context(), id)
	if err != nil {
		if tenant.IsCode(err, tenant.CodeGroupNotFound) {
			err = tenant.ErrUserNotFound(id)
		}
		return g.conn.Fail(c, set, err, id)
	}
	if err := setCount(c, len(owners)); err != nil {
		return err
	}
	for _, u := range owners[:pageLimit(c, len(owners))] {
		if err := c.Write(directoryObject(u)); err != nil {
			return err
		}
	}
	return nil
}

func (g *graphModule) memberOf(c cmdlet.Call) error {
	const set = "List"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	ctx := c.Context()
	id := c.String("UserId")
	groups, err := st.UserGroups(ctx, id)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	held, err := st.RoleAssignments(ctx, "", id)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	var out []any
	for _, grp := range groups {
		out = append(out, groupDirectoryObject(grp))
	}
	for _, h := range held {
		r, err := tenant.FindDirectoryRole(ctx, st, h.Role)
		if err != nil {
			return g.conn.Fail(c, set, err, id)
		}
		out = append(out, roleDirectoryObject(r))
	}
	if err := setCount(c, len(out)); err != nil {
		return err
	}
	for _, o := range out[:pageLimit(c, len(out))] {
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

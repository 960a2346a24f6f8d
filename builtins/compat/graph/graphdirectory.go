package graph

import (
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

func (g *graphModule) directoryCmdlets() []*cmdlet.Cmdlet {
	objectID := &cmdlet.Param{Name: "DirectoryObjectId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, Mandatory: true,
		ValueFromPipelineByPropertyName: true, Help: "The deleted user's object id."}
	return append(g.licenseCmdlets(),
		&cmdlet.Cmdlet{
			Name:        "Get-MgGroup",
			Module:      modGroups,
			Synopsis:    "Gets groups, as Microsoft Graph PowerShell's Get-MgGroup does.",
			Description: "Get-MgGroup returns one group (-GroupId) or lists them; -Filter takes Graph's filter on the id and displayName (eq, ne, in, startswith, and, or, not). Groups carry the licenses they assign in AssignedLicenses.",
			Params: []*cmdlet.Param{
				{Name: "GroupId", Aliases: []string{"Id"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
				{Name: "Filter", Type: cmdlet.String, Help: "An OData filter on id and displayName, such as displayName eq 'Sales' or startswith(displayName,'S')."},
				{Name: "All", Type: cmdlet.Switch, Help: "Every group."},
				{Name: "Top", Type: cmdlet.Int, Help: "At most this many groups."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "Accepted for compatibility: every property is returned."},
				{Name: "ConsistencyLevel", Type: cmdlet.String, Help: "Accepted for compatibility."},
				countParam(),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MgGroup -Filter \"displayName eq 'Power BI Users'\"", Remarks: "A group by name."},
			},
			Process: g.getGroup,
		},
		&cmdlet.Cmdlet{
			Name:        "Get-MgGroupMember",
			Module:      modGroups,
			Synopsis:    "Gets a group's members as directory objects.",
			Description: "Get-MgGroupMember lists a group's members: 100 without -All, as Graph pages. Each is a directory object whose Id is the user's and whose AdditionalProperties hold userPrincipalName and displayName.",
			Params: []*cmdlet.Param{
				{Name: "GroupId", Type: cmdlet.String, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteGroup, Help: "The group's object id."},
				{Name: "All", Type: cmdlet.Switch, Help: "Every member rather than the first 100."},
				{Name: "Top", Type: cmdlet.Int, Help: "At most this many members."},
				{Name: "ConsistencyLevel", Type: cmdlet.String, Help: "Accepted for compatibility."},
				countParam(),
			},
			Examples: []cmdlet.Example{
				{Code: "$group = Get-MgGroup -Filter \"displayName eq 'Power BI Users'\"\nGet-MgGroupMember -GroupId $group.Id -All", Remarks: "Every member of a group."},
			},
			Process: g.groupMembers,
		},
		&cmdlet.Cmdlet{
			Name:        "Get-MgDirectoryDeletedItem",
			Module:      modDirectory,
			Synopsis:    "Gets a deleted user that can still be restored.",
			Description: "Get-MgDirectoryDeletedItem -DirectoryObjectId <id> outputs a deleted user as a directory object. With microsoft.graph.user as the id it lists every deleted user in AdditionalProperties.value, as Graph answers that request.",
			Params:      []*cmdlet.Param{objectID, {Name: "Property", Type: cmdlet.Strings, Help: "Accepted for compatibility."}},
			Examples: []cmdlet.Example{
				{Code: "$id = (Get-MgDirectoryDeletedItemAsUser -All | Select-Object -First 1).Id\nGet-MgDirectoryDeletedItem -DirectoryObjectId $id", Remarks: "A deleted user."},
			},
			Process: g.deletedItem,
		},
		&cmdlet.Cmdlet{
			Name:        "Get-MgDirectoryDeletedItemAsUser",
			Module:      modDirectory,
			Synopsis:    "Lists the deleted users that can still be restored.",
			Description: "Get-MgDirectoryDeletedItemAsUser lists the users deleted less than 30 days ago, most recently deleted first, as Graph users with DeletedDateTime.",
			Params: []*cmdlet.Param{
				{Name: "DirectoryObjectId", Type: cmdlet.String, Help: "One deleted user."},
				{Name: "All", Type: cmdlet.Switch, Help: "Every deleted user."},
				{Name: "Property", Aliases: []string{"Select"}, Type: cmdlet.Strings, Help: "The properties to return; DeletedDateTime always is."},
				countParam(),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-MgDirectoryDeletedItemAsUser -All", Remarks: "The deleted users."},
				{Code: "Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, DeletedDateTime", Remarks: "Who was deleted, and when."},
			},
			Process: g.deletedUsers,
		},
		&cmdlet.Cmdlet{
			Name:                  "Restore-MgDirectoryDeletedItem",
			Module:                modDirectory,
			Synopsis:              "Restores a deleted user.",
			Description:           "Restore-MgDirectoryDeletedItem brings back a user deleted less than 30 days ago and outputs it as a directory object; licenses come back where their product has a seat.",
			SupportsShouldProcess: true,
			Params:                []*cmdlet.Param{objectID},
			Examples: []cmdlet.Example{
				{Code: "$id = (Get-MgDirectoryDeletedItemAsUser -All | Select-Object -First 1).Id\nRestore-MgDirectoryDeletedItem -DirectoryObjectId $id", Remarks: "Restores a user deleted by mistake."},
			},
			Process: g.restore,
		},
	)
}

func (g *graphModule) getGroup(c cmdlet.Call) error {
	set := listOrGet(c, "GroupId")
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	ctx := c.Context()
	name := c.String("GroupId")
	var groups []tenant.Group
	switch {
	case c.Bound("Filter") && name == "":
		q, qerr := tenant.ParseGroupFilter(c.String("Filter"))
		if qerr != nil {
			return g.conn.Fail(c, set, qerr, nil)
		}
		groups, err = st.FilterGroups(ctx, q)
	default:
		groups, err = st.Groups(ctx, name)
	}
	if err != nil && tenant.IsCode(err, tenant.CodeGroupNotFound) && set == "List" {
		return setCount(c, 0)
	}
	if err != nil {
		if tenant.IsCode(err, tenant.CodeGroupNotFound) {
			err = tenant.ErrUserNotFound(name)
		}
		return g.conn.Fail(c, set, err, name)
	}
	if err := setCount(c, len(groups)); err != nil {
		return err
	}
	for i, grp := range groups {
		if set == "List" && !c.Switch("All") && (c.Bound("Top") && i >= c.Int("Top") || i >= graphUserPage) {
			break
		}
		if err := c.Write(graphGroupObject(grp)); err != nil {
			return err
		}
	}
	return nil
}

func (g *graphModule) groupMembers(c cmdlet.Call) error {
	const set = "List"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String("GroupId")
	members, err := st.GroupMembers(c.Context(), id)
	if err != nil {
		if tenant.IsCode(err, tenant.CodeGroupNotFound) {
			err = tenant.ErrUserNotFound(id)
		}
		return g.conn.Fail(c, set, err, id)
	}
	if err := setCount(c, len(members)); err != nil {
		return err
	}
	for _, u := range members[:pageLimit(c, len(members))] {
		if err := c.Write(directoryObject(u)); err != nil {
			return err
		}
	}
	return nil
}

// findDeleted looks a deleted user up by object id or UPN.
func findDeleted(deleted []tenant.User, id string) (tenant.User, bool) {
	for _, u := range deleted {
		if strings.EqualFold(u.ID, id) || strings.EqualFold(u.UserPrincipalName, id) {
			return u, true
		}
	}
	return tenant.User{}, false
}

func (g *graphModule) deletedItem(c cmdlet.Call) error {
	const set = "Get"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String("DirectoryObjectId")
	deleted, err := st.DeletedUsers(c.Context())
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	if strings.EqualFold(id, "microsoft.graph.user") {
		list := make([]any, len(deleted))
		for i, u := range deleted {
			h := value.NewHashtable()
			h.Set("id", u.ID)
			h.Set("displayName", u.DisplayName)
			h.Set("userPrincipalName", u.UserPrincipalName)
			h.Set("deletedDateTime", u.DeletedDateTime)
			list[i] = h
		}
		o := compat.NewModel(typeMgDirectoryObject)
		o.Set("Id", nil)
		o.Set("DeletedDateTime", nil)
		extra := value.NewHashtable()
		extra.Set("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#directory/deletedItems/microsoft.graph.user")
		extra.Set("value", list)
		o.Set("AdditionalProperties", extra)
		return c.Write(o)
	}
	u, ok := findDeleted(deleted, id)
	if !ok {
		return g.conn.Fail(c, set, tenant.ErrUserNotFound(id), id)
	}
	return c.Write(directoryObject(u))
}

func (g *graphModule) deletedUsers(c cmdlet.Call) error {
	const set = "List"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	sel, err := graphSelection(c.Strings("Property"))
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	deleted, err := st.DeletedUsers(c.Context())
	if err != nil {
		return g.conn.Fail(c, set, err, nil)
	}
	want := c.String("DirectoryObjectId")
	var found []tenant.User
	for _, u := range deleted {
		if want == "" || strings.EqualFold(u.ID, want) {
			found = append(found, u)
		}
	}
	if err := setCount(c, len(found)); err != nil {
		return err
	}
	for _, u := range found {
		o := graphUser(u, sel, nil)
		o.Set("DeletedDateTime", m365.DateOrNil(u.DeletedDateTime))
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return nil
}

func (g *graphModule) restore(c cmdlet.Call) error {
	const set = "Restore"
	st, err := g.conn.Open(c, set)
	if st == nil {
		return err
	}
	id := c.String("DirectoryObjectId")
	if ok, err := c.ShouldProcess(id, c.Cmdlet().Name+"_"+set); !ok || err != nil {
		return err
	}
	res, err := st.RestoreUser(c.Context(), id)
	if err != nil {
		return g.conn.Fail(c, set, err, id)
	}
	for _, k := range res.NotRestored {
		c.WriteWarning("License " + k.PartNumber + " of '" + res.User.UserPrincipalName + "' was not restored: " + k.ProductName + " has no available licenses.")
	}
	return c.Write(directoryObject(res.User))
}

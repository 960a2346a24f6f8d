package graphclient

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"licsh/builtins/tenant"
	"licsh/builtins/tenant/catalog"
)

// groupSelect are the group properties the tenant keeps.
const groupSelect = "id,displayName,createdDateTime,groupTypes,mailEnabled,securityEnabled,mailNickname,mail,visibility,assignedLicenses"

// graphGroup is a group as Graph gives the properties groupSelect names.
type graphGroup struct {
	ID          string   `json:"id"`
	DisplayName string   `json:"displayName"`
	Created     *string  `json:"createdDateTime"`
	GroupTypes  []string `json:"groupTypes"`
	MailEnabled bool     `json:"mailEnabled"`
	Security    bool     `json:"securityEnabled"`
	Nickname    *string  `json:"mailNickname"`
	Mail        *string  `json:"mail"`
	Visibility  *string  `json:"visibility"`
	Licenses    []struct {
		SkuID         string   `json:"skuId"`
		DisabledPlans []string `json:"disabledPlans"`
	} `json:"assignedLicenses"`
}

// group is the tenant's Group of a Graph group: its kind from its types
// and mail and security settings, its licenses by part number, and its
// privacy, a Microsoft 365 group's, as the access type. The Exchange
// settings HiddenFromAddressLists and RequireSenderAuthentication are not
// Graph's to give.
func (d *Directory) groupOf(g graphGroup, products []tenant.Product) tenant.Group {
	out := tenant.Group{ID: strings.ToLower(g.ID), DisplayName: g.DisplayName, CreatedDateTime: graphTime(g.Created), Kind: tenant.GroupSecurity}
	switch {
	case containsFold(g.GroupTypes, "Unified"):
		out.Kind, out.AccessType = tenant.GroupMicrosoft365, deref(g.Visibility)
	case g.MailEnabled && g.Security:
		out.Kind = tenant.GroupMailEnabledSecurity
	case g.MailEnabled:
		out.Kind = tenant.GroupDistribution
	}
	if g.MailEnabled {
		out.MailNickname, out.Mail = deref(g.Nickname), deref(g.Mail)
	}
	for _, l := range g.Licenses {
		out.Licenses = append(out.Licenses, tenant.LicenseRef{SkuRef: d.productRef(products, l.SkuID), DisabledPlans: nonNil(l.DisabledPlans)})
	}
	sort.Slice(out.Licenses, func(i, j int) bool { return out.Licenses[i].PartNumber < out.Licenses[j].PartNumber })
	return out
}

// containsFold reports whether list holds s, case aside, as Graph's group
// types may be written.
func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// withMembers counts the members of groups, which Graph's group does not
// say: the users among each one's members.
func (d *Directory) withMembers(ctx context.Context, groups []tenant.Group) error {
	for i := range groups {
		n, err := d.count(ctx, "/groups/"+groups[i].ID+"/members/microsoft.graph.user/$count")
		if err != nil {
			return err
		}
		groups[i].MemberCount = n
	}
	return nil
}

// isUser reports whether a directory object is a user.
func isUser(raw json.RawMessage) bool {
	var o struct {
		Type string `json:"@odata.type"`
	}
	return json.Unmarshal(raw, &o) == nil && (o.Type == "" || o.Type == "#microsoft.graph.user")
}

// groups lists the groups at path (a list of groups), by display name.
func (d *Directory) groups(ctx context.Context, path string, header http.Header) ([]tenant.Group, error) {
	products, _, err := d.known(ctx)
	if err != nil {
		return nil, err
	}
	var out []tenant.Group
	err = d.each(ctx, path, header, func(raw json.RawMessage) error {
		var g graphGroup
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		out = append(out, d.groupOf(g, products))
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortGroups(out)
	return out, d.withMembers(ctx, out)
}

func sortGroups(gs []tenant.Group) {
	sort.SliceStable(gs, func(i, j int) bool { return foldLess(gs[i].DisplayName, gs[j].DisplayName) })
}

// group reads one group by object id.
func (d *Directory) group(ctx context.Context, id string, products []tenant.Product) (tenant.Group, error) {
	var g graphGroup
	if err := d.get(ctx, "/groups/"+url.PathEscape(id)+query("$select", groupSelect), nil, &g); err != nil {
		return tenant.Group{}, err
	}
	out := []tenant.Group{d.groupOf(g, products)}
	return out[0], d.withMembers(ctx, out)
}

// resolveGroup finds a group as the tenant file does: by object id,
// display name, address or alias, a display name or id winning over an
// alias that happens to be the same.
func (d *Directory) resolveGroup(ctx context.Context, identity string) (graphGroup, error) {
	key := strings.TrimSpace(identity)
	if key == "" {
		return graphGroup{}, tenant.ErrGroupNotFound(identity)
	}
	if id, ok := catalog.NormalizeGUID(key); ok {
		var g graphGroup
		err := d.get(ctx, "/groups/"+id+query("$select", groupSelect), nil, &g)
		if tenant.IsCode(err, tenant.CodeUserNotFound) {
			err = tenant.ErrGroupNotFound(identity)
		}
		return g, err
	}
	var found []graphGroup
	find := func(filter string) error {
		return d.each(ctx, "/groups"+query("$select", groupSelect, "$filter", filter), nil, func(raw json.RawMessage) error {
			var g graphGroup
			if err := json.Unmarshal(raw, &g); err != nil {
				return err
			}
			found = append(found, g)
			return nil
		})
	}
	if err := find("displayName eq " + literal(key) + " or mail eq " + literal(key)); err != nil {
		return graphGroup{}, err
	}
	if i := slices.IndexFunc(found, func(g graphGroup) bool { return strings.EqualFold(g.DisplayName, key) }); i >= 0 {
		return found[i], nil
	}
	if len(found) == 0 {
		// An alias last, as the tenant file ranks it. A service that does
		// not filter groups by alias (licsh's own Graph server) has no
		// group to find by one.
		if err := find("mailNickname eq " + literal(key)); err != nil && !tenant.IsCode(err, tenant.CodeUnsupportedQuery) {
			return graphGroup{}, err
		}
	}
	if len(found) == 0 {
		return graphGroup{}, tenant.ErrGroupNotFound(identity)
	}
	return found[0], nil
}

// Groups lists the groups by display name; identity "" lists them all.
func (d *Directory) Groups(ctx context.Context, identity string) ([]tenant.Group, error) {
	if identity == "" {
		return d.groups(ctx, "/groups"+query("$select", groupSelect, "$top", pageSize), nil)
	}
	g, err := d.resolveGroup(ctx, identity)
	if err != nil {
		return nil, err
	}
	products, _, err := d.known(ctx)
	if err != nil {
		return nil, err
	}
	out := []tenant.Group{d.groupOf(g, products)}
	return out, d.withMembers(ctx, out)
}

// FilterGroups lists the groups a group $filter selects, by display name:
// an advanced query when the filter is one.
func (d *Directory) FilterGroups(ctx context.Context, q *tenant.Query) ([]tenant.Group, error) {
	var header http.Header
	count := ""
	if q != nil && q.Advanced != "" {
		header, count = eventual(), "true"
	}
	return d.groups(ctx, "/groups"+query("$select", groupSelect, "$top", pageSize, "$filter", q.Filter(), "$count", count), header)
}

// UserGroups lists the groups a user is a direct member of (memberOf cast
// to groups), by display name.
func (d *Directory) UserGroups(ctx context.Context, identity string) ([]tenant.Group, error) {
	u, err := d.graphUserOf(ctx, identity)
	if err != nil {
		return nil, err
	}
	return d.groups(ctx, "/users/"+u.ID+"/memberOf/microsoft.graph.group"+query("$select", groupSelect, "$top", pageSize), nil)
}

// users lists the users at path (members or owners cast to users, whose
// properties $select names only so), by UPN.
func (d *Directory) users(ctx context.Context, path string) ([]tenant.User, error) {
	parts, err := d.partNumbers(ctx)
	if err != nil {
		return nil, err
	}
	var out []tenant.User
	err = d.each(ctx, path+query("$select", userSelect, "$top", pageSize), nil, func(raw json.RawMessage) error {
		if !isUser(raw) {
			return nil
		}
		var g graphUser
		if err := json.Unmarshal(raw, &g); err != nil {
			return err
		}
		out = append(out, g.user(parts))
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return foldLess(out[i].UserPrincipalName, out[j].UserPrincipalName) })
	return out, err
}

// GroupMembers lists a group's users in UPN order.
func (d *Directory) GroupMembers(ctx context.Context, group string) ([]tenant.User, error) {
	g, err := d.resolveGroup(ctx, group)
	if err != nil {
		return nil, err
	}
	return d.users(ctx, "/groups/"+g.ID+"/members/microsoft.graph.user")
}

// GroupOwners lists a group's owners in UPN order.
func (d *Directory) GroupOwners(ctx context.Context, group string) ([]tenant.User, error) {
	g, err := d.resolveGroup(ctx, group)
	if err != nil {
		return nil, err
	}
	return d.users(ctx, "/groups/"+g.ID+"/owners/microsoft.graph.user")
}

// NewGroup creates a security group.
func (d *Directory) NewGroup(ctx context.Context, displayName string) (tenant.Group, error) {
	return d.CreateGroup(ctx, tenant.NewGroupSpec{DisplayName: displayName})
}

// userIDs are the object ids of the users identities name, each refused
// as the tenant refuses a user it does not have.
func (d *Directory) userIDs(ctx context.Context, identities []string) ([]string, []graphUser, error) {
	ids := make([]string, 0, len(identities))
	users := make([]graphUser, 0, len(identities))
	for _, m := range identities {
		u, err := d.graphUserOf(ctx, m)
		if err != nil {
			return nil, nil, err
		}
		ids, users = append(ids, strings.ToLower(u.ID)), append(users, u)
	}
	return ids, users, nil
}

// CreateGroup creates a group with POST /groups, its members and owners
// bound in the same request. Graph creates security and Microsoft 365
// groups; distribution and mail-enabled security groups are Exchange's,
// which Graph refuses in its words. A Microsoft 365 group's address is its
// alias at the default domain: Graph sets no other. Display names stay
// unique, as the tenant file keeps them, though Graph would allow the
// same name twice.
func (d *Directory) CreateGroup(ctx context.Context, spec tenant.NewGroupSpec) (tenant.Group, error) {
	kind := spec.Kind
	if kind == "" {
		kind = tenant.GroupSecurity
	}
	name := strings.TrimSpace(spec.DisplayName)
	alias := strings.TrimSpace(spec.MailNickname)
	if alias == "" {
		alias = tenant.DefaultAlias(name)
	}
	if spec.Mail != "" {
		return tenant.Group{}, tenant.GraphRequestError("Property 'mail' is read-only and cannot be set.")
	}
	if name != "" {
		if _, err := d.resolveGroup(ctx, name); err == nil {
			return tenant.Group{}, tenant.ErrAlreadyExists("displayName")
		} else if !tenant.IsCode(err, tenant.CodeGroupNotFound) {
			return tenant.Group{}, err
		}
	}
	body := map[string]any{"displayName": name, "mailNickname": alias, "mailEnabled": kind != tenant.GroupSecurity,
		"securityEnabled": kind == tenant.GroupSecurity || kind == tenant.GroupMailEnabledSecurity, "groupTypes": []string{}}
	if kind == tenant.GroupMicrosoft365 {
		body["groupTypes"] = []string{"Unified"}
	}
	for prop, identities := range map[string][]string{"members@odata.bind": spec.Members, "owners@odata.bind": spec.Owners} {
		ids, _, err := d.userIDs(ctx, identities)
		if err != nil {
			return tenant.Group{}, err
		}
		if len(ids) > 0 {
			refs := make([]string, len(ids))
			for i, id := range ids {
				refs[i] = d.ref(id)["@odata.id"]
			}
			body[prop] = refs
		}
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := d.send(ctx, http.MethodPost, "/groups", body, &created); err != nil {
		return tenant.Group{}, err
	}
	products, _, err := d.known(ctx)
	if err != nil {
		return tenant.Group{}, err
	}
	return readBack(ctx, func() (tenant.Group, error) { return d.group(ctx, created.ID, products) })
}

// AddGroupMember adds one user to a group by reference: a member already
// is refused, as Graph refuses the reference.
func (d *Directory) AddGroupMember(ctx context.Context, group, member string) error {
	g, err := d.resolveGroup(ctx, group)
	if err != nil {
		return err
	}
	ids, _, err := d.userIDs(ctx, []string{member})
	if err != nil {
		return err
	}
	return d.send(ctx, http.MethodPost, "/groups/"+g.ID+"/members/$ref", d.ref(ids[0]), nil)
}

// memberIDs are the ids of the users among a group's members or owners.
func (d *Directory) memberIDs(ctx context.Context, path string) (map[string]bool, error) {
	ids := map[string]bool{}
	err := d.each(ctx, path+query("$select", "id", "$top", pageSize), nil, func(raw json.RawMessage) error {
		var o struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &o); err != nil {
			return err
		}
		ids[strings.ToLower(o.ID)] = true
		return nil
	})
	return ids, err
}

// changeRefs adds (or removes) references to users at path
// (/groups/{id}/members or owners), one request each as Graph takes them.
// Graph changes each reference on its own: when one is refused, those
// already changed are changed back, so that the change is all or nothing
// as the tenant file's is.
func (d *Directory) changeRefs(ctx context.Context, path string, ids []string, remove bool) error {
	change := func(id string, remove bool) error {
		if remove {
			return d.send(ctx, http.MethodDelete, path+"/"+id+"/$ref", nil, nil)
		}
		return d.send(ctx, http.MethodPost, path+"/$ref", d.ref(id), nil)
	}
	for i, id := range ids {
		if err := change(id, remove); err != nil {
			for _, done := range slices.Backward(ids[:i]) {
				// The refusal is what the caller is told; an undo that
				// fails too leaves the reference as Graph has it.
				_ = change(done, !remove)
			}
			return err
		}
	}
	return nil
}

// AddGroupMembers adds users to a group; members already are left as
// they are.
func (d *Directory) AddGroupMembers(ctx context.Context, group string, members []string) error {
	return d.addRefs(ctx, group, members, "members")
}

// AddGroupOwners makes users owners of a group; owners already are left
// as they are.
func (d *Directory) AddGroupOwners(ctx context.Context, group string, owners []string) error {
	if len(owners) == 0 {
		return nil
	}
	return d.addRefs(ctx, group, owners, "owners")
}

// groupRefs finds a group and the ids its set of references (members or
// owners) holds, and the path of that set.
func (d *Directory) groupRefs(ctx context.Context, group, set string) (graphGroup, string, map[string]bool, error) {
	g, err := d.resolveGroup(ctx, group)
	if err != nil {
		return g, "", nil, err
	}
	path := "/groups/" + g.ID + "/" + set
	have, err := d.memberIDs(ctx, path)
	return g, path, have, err
}

func (d *Directory) addRefs(ctx context.Context, group string, identities []string, set string) error {
	_, path, have, err := d.groupRefs(ctx, group, set)
	if err != nil {
		return err
	}
	ids, _, err := d.userIDs(ctx, identities)
	if err != nil {
		return err
	}
	var add []string
	for _, id := range ids {
		if !have[id] {
			have[id] = true
			add = append(add, id)
		}
	}
	return d.changeRefs(ctx, path, add, false)
}

// RemoveGroupMembers removes users from a group; a user who is not a
// member is refused before any is removed.
func (d *Directory) RemoveGroupMembers(ctx context.Context, group string, members []string) error {
	return d.removeRefs(ctx, group, members, "members", tenant.ErrNotMember)
}

// RemoveGroupOwners takes users' ownership of a group away; a user who is
// not an owner is refused before any is changed.
func (d *Directory) RemoveGroupOwners(ctx context.Context, group string, owners []string) error {
	if len(owners) == 0 {
		return nil
	}
	return d.removeRefs(ctx, group, owners, "owners", tenant.ErrNotOwner)
}

func (d *Directory) removeRefs(ctx context.Context, group string, identities []string, set string, notThere func(upn, group string) *tenant.Error) error {
	g, path, have, err := d.groupRefs(ctx, group, set)
	if err != nil {
		return err
	}
	var ids []string
	for _, m := range identities {
		u, err := d.graphUserOf(ctx, m)
		if err != nil {
			return err
		}
		id := strings.ToLower(u.ID)
		if !have[id] {
			return notThere(u.UserPrincipalName, g.DisplayName)
		}
		delete(have, id)
		ids = append(ids, id)
	}
	return d.changeRefs(ctx, path, ids, true)
}

// Admin roles.

// DirectoryRoles lists the directory roles there are (directoryRoleTemplates)
// with the users holding each (the members of the activated
// directoryRoles). A role nobody holds has not been activated and has no
// object id: its ID is its template id.
func (d *Directory) DirectoryRoles(ctx context.Context) ([]tenant.DirectoryRole, error) {
	var out []tenant.DirectoryRole
	err := d.each(ctx, "/directoryRoleTemplates", nil, func(raw json.RawMessage) error {
		var t struct {
			ID          string `json:"id"`
			DisplayName string `json:"displayName"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal(raw, &t); err != nil {
			return err
		}
		id := strings.ToLower(t.ID)
		out = append(out, tenant.DirectoryRole{ID: id, Name: t.DisplayName, TemplateID: id, Description: t.Description})
		return nil
	})
	if err != nil {
		return nil, err
	}
	active, err := d.activeRoles(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if r, ok := active[out[i].TemplateID]; ok {
			out[i].ID = r.id
			if out[i].Members, err = d.roleMemberCount(ctx, r.id); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// activeRole is an activated directory role.
type activeRole struct{ id, name string }

// activeRoles are the activated directory roles by template id.
func (d *Directory) activeRoles(ctx context.Context) (map[string]activeRole, error) {
	out := map[string]activeRole{}
	err := d.each(ctx, "/directoryRoles", nil, func(raw json.RawMessage) error {
		var r struct {
			ID          string `json:"id"`
			DisplayName string `json:"displayName"`
			TemplateID  string `json:"roleTemplateId"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		out[strings.ToLower(r.TemplateID)] = activeRole{strings.ToLower(r.ID), r.DisplayName}
		return nil
	})
	return out, err
}

func (d *Directory) roleMemberCount(ctx context.Context, roleID string) (int, error) {
	n := 0
	err := d.each(ctx, "/directoryRoles/"+roleID+"/members"+query("$select", "id"), nil, func(raw json.RawMessage) error {
		if isUser(raw) {
			n++
		}
		return nil
	})
	return n, err
}

// role finds a directory role by its name, as the tenant file's roles are
// named.
func (d *Directory) role(ctx context.Context, name string) (tenant.DirectoryRole, error) {
	roles, err := d.DirectoryRoles(ctx)
	if err != nil {
		return tenant.DirectoryRole{}, err
	}
	if i := slices.IndexFunc(roles, func(r tenant.DirectoryRole) bool { return strings.EqualFold(r.Name, strings.TrimSpace(name)) }); i >= 0 {
		return roles[i], nil
	}
	return tenant.DirectoryRole{}, tenant.ErrUnknownRole(name)
}

// RoleAssignments lists who holds which admin role, optionally of one
// role or one user (either may be ""), by role and UPN.
func (d *Directory) RoleAssignments(ctx context.Context, role, identity string) ([]tenant.RoleAssignment, error) {
	var only string
	if role != "" {
		r, err := d.role(ctx, role)
		if err != nil {
			return nil, err
		}
		only = r.TemplateID
	}
	var userID string
	if identity != "" {
		u, err := d.graphUserOf(ctx, identity)
		if err != nil {
			return nil, err
		}
		userID = strings.ToLower(u.ID)
	}
	active, err := d.activeRoles(ctx)
	if err != nil {
		return nil, err
	}
	var out []tenant.RoleAssignment
	for tid, r := range active {
		if only != "" && tid != only {
			continue
		}
		err := d.each(ctx, "/directoryRoles/"+r.id+"/members"+query("$select", "id,userPrincipalName,displayName"), nil, func(raw json.RawMessage) error {
			var m struct {
				ID          string `json:"id"`
				UPN         string `json:"userPrincipalName"`
				DisplayName string `json:"displayName"`
			}
			if !isUser(raw) {
				return nil
			}
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			if userID == "" || strings.EqualFold(m.ID, userID) {
				out = append(out, tenant.RoleAssignment{Role: r.name, UserID: strings.ToLower(m.ID), UserPrincipalName: m.UPN, DisplayName: m.DisplayName})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Role != out[j].Role {
			return out[i].Role < out[j].Role
		}
		return foldLess(out[i].UserPrincipalName, out[j].UserPrincipalName)
	})
	return out, nil
}

// AddRoleAssignment gives a user an admin role, activating it if nobody
// held it (members/$ref by roleTemplateId); holding it already is not an
// error.
func (d *Directory) AddRoleAssignment(ctx context.Context, role, identity string) error {
	r, err := d.role(ctx, role)
	if err != nil {
		return err
	}
	u, err := d.graphUserOf(ctx, identity)
	if err != nil {
		return err
	}
	err = d.send(ctx, http.MethodPost, "/directoryRoles/roleTemplateId="+r.TemplateID+"/members/$ref", d.ref(strings.ToLower(u.ID)), nil)
	if tenant.IsCode(err, tenant.CodeAlreadyExists) {
		return nil
	}
	return err
}

// RemoveRoleAssignment takes an admin role from a user; Graph not finding
// the member is the tenant's refusal of a role not held.
func (d *Directory) RemoveRoleAssignment(ctx context.Context, role, identity string) error {
	r, err := d.role(ctx, role)
	if err != nil {
		return err
	}
	u, err := d.graphUserOf(ctx, identity)
	if err != nil {
		return err
	}
	err = d.send(ctx, http.MethodDelete, "/directoryRoles/roleTemplateId="+r.TemplateID+"/members/"+strings.ToLower(u.ID)+"/$ref", nil, nil)
	if tenant.IsCode(err, tenant.CodeUserNotFound) {
		return tenant.ErrRoleNotHeld(u.UserPrincipalName, r.Name)
	}
	return err
}

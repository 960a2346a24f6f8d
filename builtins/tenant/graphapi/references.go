package graphapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"licsh/builtins/tenant"
)

// The changes of group and role members and owners, groups created, the
// tenant's domains and subscriptions, and sign-in sessions revoked: what
// a licsh session connected to Microsoft Graph asks of it besides users
// and licenses.

// refID reads the body of a POST to a $ref: {"@odata.id": ".../directoryObjects/{id}"},
// the object's id last in the URL.
func refID(body []byte) (string, error) {
	m, _, err := decodeObject(body)
	if err != nil {
		return "", err
	}
	var ref string
	if json.Unmarshal(m["@odata.id"], &ref) != nil || ref == "" {
		return "", errBadRequest("The '@odata.id' of a reference is required and must be the URL of a directory object.")
	}
	return refTarget(ref)
}

// refTarget is the id of the object a reference's URL names, last in it.
func refTarget(ref string) (string, error) {
	ref = strings.TrimRight(ref, "/")
	id, ok := parseGUID(ref[strings.LastIndex(ref, "/")+1:])
	if !ok {
		return "", errInvalidID(ref)
	}
	return id, nil
}

// objectUser is the user an object id names, as a reference needs it.
func (a *API) objectUser(ctx context.Context, id string) (tenant.User, error) {
	if _, ok := parseGUID(id); !ok {
		return tenant.User{}, errInvalidID(id)
	}
	return a.store.GetUser(ctx, id)
}

// userList answers a list of users among directory objects: members or
// owners, with the properties $select names (Graph's defaults for none).
func (a *API) userList(ctx context.Context, req *request, users []tenant.User) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	if o.sel, err = parseSelect(req.query, userProperty); err != nil {
		return nil, err
	}
	lic, err := a.licensesOf(ctx, o.sel, users)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(users))
	for i, u := range users {
		items[i] = append(object{{"@odata.type", "#microsoft.graph.user"}}, userObject(u, o.sel, lic[u.ID])...)
	}
	fragment := "directoryObjects"
	if strings.HasSuffix(strings.ToLower(req.path), "/microsoft.graph.user") {
		// Cast to users, the list is of users.
		fragment = selection("users", o.sel)
	}
	return req.pageOf(fragment, o, items), nil
}

// memberOfGroups lists the groups a user is a member of, cast to groups
// as Graph's memberOf/microsoft.graph.group: with the properties $select
// names.
func (a *API) memberOfGroups(ctx context.Context, req *request, args []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	if o.sel, err = parseSelect(req.query, groupSelect); err != nil {
		return nil, err
	}
	u, err := a.store.GetUser(ctx, args[0])
	if err != nil {
		return nil, err
	}
	groups, err := a.store.UserGroups(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(groups))
	for i, g := range groups {
		items[i] = append(object{{"@odata.type", "#microsoft.graph.group"}}, groupObject(g, o.sel)...)
	}
	return req.pageOf(selection("groups", o.sel), o, items), nil
}

// countGroupMembers counts a group's members, an advanced query as every
// $count is.
func (a *API) countGroupMembers(ctx context.Context, req *request, args []string) (*reply, error) {
	if !strings.EqualFold(req.header.Get("ConsistencyLevel"), "eventual") {
		return nil, errRequestBadRequest("$count is not currently supported.")
	}
	g, err := a.findGroup(ctx, args[0])
	if err != nil {
		return nil, err
	}
	return &reply{status: http.StatusOK, body: strconv.Itoa(g.MemberCount)}, nil
}

func (a *API) groupOwners(ctx context.Context, req *request, args []string) (*reply, error) {
	g, err := a.findGroup(ctx, args[0])
	if err != nil {
		return nil, err
	}
	owners, err := a.store.GroupOwners(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	return a.userList(ctx, req, owners)
}

// errMailEnabledWrite is Graph's refusal to create a mail-enabled group
// that is not a Microsoft 365 group: Exchange makes those.
func errMailEnabledWrite() *apiError {
	return errRequestBadRequest("The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset or set to false.")
}

// bindIDs reads a list of @odata.bind references: the objects' ids.
func bindIDs(raw json.RawMessage) ([]string, error) {
	if raw == nil {
		return nil, nil
	}
	var refs []string
	if err := json.Unmarshal(raw, &refs); err != nil {
		return nil, errBadRequest("An @odata.bind property must be a list of directory object URLs.")
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		id, err := refTarget(r)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// createGroup makes a security group or a Microsoft 365 group, with the
// members and owners its @odata.bind lists name, as Graph's POST /groups.
func (a *API) createGroup(ctx context.Context, req *request, _ []string) (*reply, error) {
	m, _, err := decodeObject(req.body)
	if err != nil {
		return nil, err
	}
	var body struct {
		DisplayName     *string  `json:"displayName"`
		MailEnabled     *bool    `json:"mailEnabled"`
		MailNickname    *string  `json:"mailNickname"`
		SecurityEnabled *bool    `json:"securityEnabled"`
		GroupTypes      []string `json:"groupTypes"`
	}
	if err := json.Unmarshal(req.body, &body); err != nil {
		return nil, errMalformedJSON()
	}
	for _, p := range []struct {
		name    string
		missing bool
	}{{"displayName", body.DisplayName == nil}, {"mailEnabled", body.MailEnabled == nil},
		{"mailNickname", body.MailNickname == nil}, {"securityEnabled", body.SecurityEnabled == nil}} {
		if p.missing {
			return nil, tenant.ErrRequiredProperty(p.name)
		}
	}
	spec := tenant.NewGroupSpec{DisplayName: *body.DisplayName, Kind: tenant.GroupSecurity}
	switch {
	case slices.ContainsFunc(body.GroupTypes, func(t string) bool { return strings.EqualFold(t, "Unified") }):
		spec.Kind, spec.MailNickname = tenant.GroupMicrosoft365, *body.MailNickname
	case *body.MailEnabled:
		return nil, errMailEnabledWrite()
	}
	if spec.Members, err = bindIDs(m["members@odata.bind"]); err != nil {
		return nil, err
	}
	if spec.Owners, err = bindIDs(m["owners@odata.bind"]); err != nil {
		return nil, err
	}
	g, err := a.store.CreateGroup(ctx, spec)
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusCreated, "groups/$entity", groupObject(g, nil)), nil
}

// addGroupRef adds a member or an owner to a group: the object must exist
// and not be one already.
func (a *API) addGroupRef(ctx context.Context, req *request, args []string, owner bool) (*reply, error) {
	id, err := refID(req.body)
	if err != nil {
		return nil, err
	}
	g, err := a.findGroup(ctx, args[0])
	if err != nil {
		return nil, err
	}
	if owner {
		owners, err := a.store.GroupOwners(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(owners, func(u tenant.User) bool { return u.ID == id }) {
			return nil, tenant.ErrAlreadyOwner()
		}
		err = a.store.AddGroupOwners(ctx, g.ID, []string{id})
		return noContentOr(err)
	}
	return noContentOr(a.store.AddGroupMember(ctx, g.ID, id))
}

// removeGroupRef removes a member or an owner from a group. Graph does
// not find a reference that is not there.
func (a *API) removeGroupRef(ctx context.Context, args []string, owner bool) (*reply, error) {
	g, err := a.findGroup(ctx, args[0])
	if err != nil {
		return nil, err
	}
	if _, err := a.objectUser(ctx, args[1]); err != nil {
		return nil, err
	}
	if owner {
		err = a.store.RemoveGroupOwners(ctx, g.ID, []string{args[1]})
	} else {
		err = a.store.RemoveGroupMembers(ctx, g.ID, []string{args[1]})
	}
	if tenant.IsCode(err, tenant.CodeNotMember) {
		return nil, tenant.ErrUserNotFound(args[1])
	}
	return noContentOr(err)
}

func (a *API) addMemberRef(ctx context.Context, req *request, args []string) (*reply, error) {
	return a.addGroupRef(ctx, req, args, false)
}

func (a *API) addOwnerRef(ctx context.Context, req *request, args []string) (*reply, error) {
	return a.addGroupRef(ctx, req, args, true)
}

func (a *API) removeMemberRef(ctx context.Context, _ *request, args []string) (*reply, error) {
	return a.removeGroupRef(ctx, args, false)
}

func (a *API) removeOwnerRef(ctx context.Context, _ *request, args []string) (*reply, error) {
	return a.removeGroupRef(ctx, args, true)
}

// noContentOr is Graph's 204 for a change that went through, else err.
func noContentOr(err error) (*reply, error) {
	if err != nil {
		return nil, err
	}
	return noContent(), nil
}

// anyRole finds a directory role by its object id or, written
// roleTemplateId={id}, its template id, as a change of its members names
// it: a role nobody holds yet is activated by its first member.
func (a *API) anyRole(ctx context.Context, key string) (tenant.DirectoryRole, error) {
	id, byTemplate := strings.CutPrefix(key, "roleTemplateId=")
	if _, ok := parseGUID(id); !ok {
		return tenant.DirectoryRole{}, errInvalidID(key)
	}
	r, err := tenant.FindDirectoryRole(ctx, a.store, id)
	switch {
	case err != nil && !tenant.IsCode(err, tenant.CodeUserNotFound):
		return r, err
	case err != nil, byTemplate && !strings.EqualFold(r.TemplateID, id), !byTemplate && (!strings.EqualFold(r.ID, id) || r.Members == 0):
		return r, tenant.ErrUserNotFound(key)
	}
	return r, nil
}

func (a *API) addRoleMemberRef(ctx context.Context, req *request, args []string) (*reply, error) {
	id, err := refID(req.body)
	if err != nil {
		return nil, err
	}
	r, err := a.anyRole(ctx, args[0])
	if err != nil {
		return nil, err
	}
	u, err := a.objectUser(ctx, id)
	if err != nil {
		return nil, err
	}
	held, err := a.store.RoleAssignments(ctx, r.Name, u.ID)
	if err != nil {
		return nil, err
	}
	if len(held) > 0 {
		return nil, tenant.ErrAlreadyMember()
	}
	return noContentOr(a.store.AddRoleAssignment(ctx, r.Name, u.ID))
}

func (a *API) removeRoleMemberRef(ctx context.Context, _ *request, args []string) (*reply, error) {
	r, err := a.anyRole(ctx, args[0])
	if err != nil {
		return nil, err
	}
	u, err := a.objectUser(ctx, args[1])
	if err != nil {
		return nil, err
	}
	err = a.store.RemoveRoleAssignment(ctx, r.Name, u.ID)
	if tenant.IsCode(err, tenant.CodeInvalidValue) {
		// Graph does not find a member the role does not have.
		held, herr := a.store.RoleAssignments(ctx, r.Name, u.ID)
		if herr == nil && len(held) == 0 {
			return nil, tenant.ErrUserNotFound(args[1])
		}
	}
	return noContentOr(err)
}

// listRoleTemplates lists the directory roles there are, held or not, as
// Graph's directoryRoleTemplates.
func (a *API) listRoleTemplates(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	roles, err := a.store.DirectoryRoles(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(roles))
	for i, r := range roles {
		items[i] = object{{"id", r.TemplateID}, {"deletedDateTime", nil}, {"description", r.Description}, {"displayName", r.Name}}
	}
	return req.pageOf("directoryRoleTemplates", o, items), nil
}

func (a *API) revokeSessions(ctx context.Context, req *request, args []string) (*reply, error) {
	if _, err := a.store.RevokeSignInSessions(ctx, args[0]); err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, "Edm.Boolean", object{{"value", true}}), nil
}

func (a *API) listDomains(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	domains, err := a.store.Domains(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(domains))
	for i, d := range domains {
		items[i] = object{{"authenticationType", "Managed"}, {"availabilityStatus", nil}, {"id", d.Name},
			{"isAdminManaged", true}, {"isDefault", d.IsDefault}, {"isInitial", d.IsInitial}, {"isRoot", true},
			{"isVerified", true}, {"passwordNotificationWindowInDays", 14}, {"passwordValidityPeriodInDays", 2147483647},
			{"supportedServices", []string{"Email", "OfficeCommunicationsOnline"}}, {"state", nil}}
	}
	return req.pageOf("domains", o, items), nil
}

// listSubscriptions lists the tenant's subscriptions as Graph's
// directory/subscriptions (companySubscription): a self-service purchase
// not yet taken over is owned by the user who bought it, the rest by the
// company.
func (a *API) listSubscriptions(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	subs, err := a.store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	products, err := a.store.Products(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]object, 0, len(subs))
	for _, s := range subs {
		plans := []object{}
		if i := slices.IndexFunc(products, func(p tenant.Product) bool { return p.SkuID == s.SkuID }); i >= 0 {
			plans = servicePlans(products[i], nil)
		}
		ownerType, ownerID := "Company", any(a.tenantID)
		if s.SelfService && s.TakenOver.IsZero() {
			ownerType, ownerID = "User", nil
			if u, err := a.store.GetUser(ctx, s.PurchasedBy); err == nil {
				ownerID = u.ID
			}
		}
		items = append(items, object{{"commerceSubscriptionId", s.SubscriptionID}, {"createdDateTime", graphTime(s.CreatedDateTime)},
			{"id", s.SubscriptionID}, {"isTrial", false}, {"nextLifecycleDateTime", nil}, {"ownerId", ownerID},
			{"ownerTenantId", a.tenantID}, {"ownerType", ownerType}, {"serviceStatus", plans}, {"skuId", s.SkuID},
			{"skuPartNumber", s.PartNumber}, {"status", s.Status}, {"totalLicenses", s.Quantity}})
	}
	return req.pageOf("directory/subscriptions", o, items), nil
}

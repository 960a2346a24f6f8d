package graphapi

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"licsh/builtins/tenant"
)

func (a *API) skuObjects(ctx context.Context) ([]object, error) {
	info, err := a.store.Info(ctx)
	if err != nil {
		return nil, err
	}
	products, err := a.store.Products(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := a.store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]object, 0, len(products))
	for _, p := range products {
		ids := []string{}
		for _, s := range subs {
			if s.SkuID == p.SkuID {
				ids = append(ids, s.SubscriptionID)
			}
		}
		out = append(out, object{
			{"accountName", strings.ToLower(info.Name)}, {"accountId", info.TenantID}, {"appliesTo", "User"},
			{"capabilityStatus", p.CapabilityStatus()}, {"consumedUnits", p.Assigned}, {"id", info.TenantID + "_" + p.SkuID},
			{"skuId", p.SkuID}, {"skuPartNumber", p.PartNumber}, {"subscriptionIds", ids},
			{"prepaidUnits", object{{"enabled", p.EnabledUnits()}, {"suspended", p.Suspended}, {"warning", p.Warning}, {"lockedOut", p.LockedOut}}},
			{"servicePlans", servicePlans(p, nil)},
		})
	}
	return out, nil
}

// selectFields keeps the members of each object that sel names, in sel's
// order; nil sel keeps them all.
func selectFields(items []object, sel []string) []object {
	if sel == nil {
		return items
	}
	out := make([]object, len(items))
	for i, it := range items {
		o := make(object, 0, len(sel))
		for _, name := range sel {
			v, _ := it.get(name)
			o = append(o, member{name, v})
		}
		out[i] = o
	}
	return out
}

// propertiesOf makes a $select lookup for objects of a Graph type whose
// properties are those of sample.
func propertiesOf(graphType string, sample object) func(string) (string, error) {
	return func(name string) (string, error) {
		for _, m := range sample {
			if strings.EqualFold(m.key, name) {
				return m.key, nil
			}
		}
		return "", tenant.GraphRequestError("Could not find a property named '" + name + "' on type 'microsoft.graph." + graphType + "'.")
	}
}

func (a *API) listSkus(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	items, err := a.skuObjects(ctx)
	if err != nil {
		return nil, err
	}
	if len(items) > 0 {
		if o.sel, err = parseSelect(req.query, propertiesOf("subscribedSku", items[0])); err != nil {
			return nil, err
		}
	}
	return req.pageOf(selection("subscribedSkus", o.sel), o, selectFields(items, o.sel)), nil
}

func (a *API) getSku(ctx context.Context, req *request, args []string) (*reply, error) {
	items, err := a.skuObjects(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if id, _ := it.get("id"); strings.EqualFold(id.(string), args[0]) {
			return req.entity(http.StatusOK, "subscribedSkus/$entity", it), nil
		}
	}
	return nil, tenant.ErrUserNotFound(args[0])
}

func (a *API) organizationObject(ctx context.Context) (object, error) {
	info, err := a.store.Info(ctx)
	if err != nil {
		return nil, err
	}
	domains, err := a.store.Domains(ctx)
	if err != nil {
		return nil, err
	}
	products, err := a.store.Products(ctx)
	if err != nil {
		return nil, err
	}
	subs, err := a.store.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	plans := []object{}
	for _, s := range subs {
		i := slices.IndexFunc(products, func(p tenant.Product) bool { return p.SkuID == s.SkuID })
		if i < 0 {
			continue
		}
		for _, pl := range products[i].Plans {
			plans = append(plans, object{{"assignedDateTime", graphTime(s.CreatedDateTime)}, {"capabilityStatus", s.Status},
				{"service", pl.Name}, {"servicePlanId", pl.ID}})
		}
	}
	verified := []object{}
	for _, d := range domains {
		verified = append(verified, object{{"capabilities", "Email, OfficeCommunicationsOnline"}, {"isDefault", d.IsDefault},
			{"isInitial", d.IsInitial}, {"name", d.Name}, {"type", "Managed"}})
	}
	return object{
		{"id", info.TenantID}, {"deletedDateTime", nil}, {"businessPhones", []string{}}, {"city", nil}, {"country", nil},
		{"countryLetterCode", nil}, {"createdDateTime", nil}, {"defaultUsageLocation", nil}, {"displayName", info.Name},
		{"marketingNotificationEmails", []string{}}, {"onPremisesLastSyncDateTime", nil}, {"onPremisesSyncEnabled", nil},
		{"postalCode", nil}, {"preferredLanguage", nil}, {"securityComplianceNotificationMails", []string{}},
		{"securityComplianceNotificationPhones", []string{}}, {"state", nil}, {"street", nil},
		{"technicalNotificationMails", []string{}}, {"tenantType", "AAD"}, {"assignedPlans", plans},
		{"provisionedPlans", []object{}}, {"verifiedDomains", verified},
	}, nil
}

func (a *API) listOrganization(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	org, err := a.organizationObject(ctx)
	if err != nil {
		return nil, err
	}
	if o.sel, err = parseSelect(req.query, propertiesOf("organization", org)); err != nil {
		return nil, err
	}
	return req.pageOf(selection("organization", o.sel), o, selectFields([]object{org}, o.sel)), nil
}

func (a *API) getOrganization(ctx context.Context, req *request, args []string) (*reply, error) {
	if !strings.EqualFold(args[0], a.tenantID) {
		return nil, tenant.ErrUserNotFound(args[0])
	}
	org, err := a.organizationObject(ctx)
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, "organization/$entity", org), nil
}

// groupObject is a group as Graph returns it, with the properties
// sel names (its defaults for none).
func groupObject(g tenant.Group, sel []string) object {
	lic := []object{}
	for _, l := range g.Licenses {
		lic = append(lic, object{{"disabledPlans", orEmpty(l.DisabledPlans)}, {"skuId", l.SkuID}})
	}
	types, nickname, visibility := []string{}, any(strings.ReplaceAll(g.DisplayName, " ", "")), any(nil)
	if g.Kind == tenant.GroupMicrosoft365 {
		types, visibility = []string{"Unified"}, text(g.AccessType)
	}
	if g.MailEnabled() {
		nickname = g.MailNickname
	}
	o := object{
		{"id", g.ID}, {"deletedDateTime", nil}, {"classification", nil}, {"createdDateTime", graphTime(g.CreatedDateTime)},
		{"creationOptions", []string{}}, {"description", nil}, {"displayName", g.DisplayName}, {"expirationDateTime", nil},
		{"groupTypes", types}, {"isAssignableToRole", nil}, {"mail", text(g.Mail)}, {"mailEnabled", g.MailEnabled()},
		{"mailNickname", nickname}, {"membershipRule", nil},
		{"membershipRuleProcessingState", nil}, {"onPremisesDomainName", nil}, {"onPremisesLastSyncDateTime", nil},
		{"onPremisesNetBiosName", nil}, {"onPremisesSamAccountName", nil}, {"onPremisesSecurityIdentifier", nil},
		{"onPremisesSyncEnabled", nil}, {"preferredDataLocation", nil}, {"preferredLanguage", nil},
		{"proxyAddresses", []string{}}, {"renewedDateTime", graphTime(g.CreatedDateTime)},
		{"resourceBehaviorOptions", []string{}}, {"resourceProvisioningOptions", []string{}}, {"securityEnabled", g.SecurityEnabled()},
		{"securityIdentifier", securityIdentifier(g.ID)}, {"theme", nil}, {"visibility", visibility},
		{"onPremisesProvisioningErrors", []string{}},
	}
	if sel == nil {
		return o
	}
	o = append(o, member{"assignedLicenses", lic})
	return selectFields([]object{o}, sel)[0]
}

// securityIdentifier is the SID Entra gives a cloud object: S-1-12-1 and
// the four 32-bit little-endian words of its object id's bytes as .NET
// orders them (the first three fields little-endian).
func securityIdentifier(id string) any {
	u, err := uuid.Parse(id)
	if err != nil {
		return nil
	}
	be16 := func(i int) uint32 { return uint32(binary.BigEndian.Uint16(u[i : i+2])) }
	return fmt.Sprintf("S-1-12-1-%d-%d-%d-%d", binary.BigEndian.Uint32(u[0:4]), be16(4)|be16(6)<<16,
		binary.LittleEndian.Uint32(u[8:12]), binary.LittleEndian.Uint32(u[12:16]))
}

// groupSelect looks up a group property for $select.
func groupSelect(name string) (string, error) {
	sample := append(groupObject(tenant.Group{}, nil), member{"assignedLicenses", nil})
	return propertiesOf("group", sample)(name)
}

func (a *API) listGroups(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	if o.sel, err = parseSelect(req.query, groupSelect); err != nil {
		return nil, err
	}
	var groups []tenant.Group
	if f := req.query.Get("$filter"); f != "" {
		q, err := tenant.ParseGroupFilter(f)
		if err != nil {
			return nil, err
		}
		if q.Advanced != "" && !o.advanced() {
			return nil, tenant.ErrUnsupportedFilter(q.Advanced)
		}
		groups, err = a.store.FilterGroups(ctx, q)
		if err != nil {
			return nil, err
		}
	} else if groups, err = a.store.Groups(ctx, ""); err != nil {
		return nil, err
	}
	items := make([]object, len(groups))
	for i, g := range groups {
		items[i] = groupObject(g, o.sel)
	}
	return req.pageOf(selection("groups", o.sel), o, items), nil
}

// findGroup finds a group by its object id, which is all Graph takes.
func (a *API) findGroup(ctx context.Context, id string) (tenant.Group, error) {
	if _, ok := parseGUID(id); !ok {
		return tenant.Group{}, errInvalidID(id)
	}
	groups, err := a.store.Groups(ctx, id)
	if tenant.IsCode(err, tenant.CodeGroupNotFound) {
		return tenant.Group{}, tenant.ErrUserNotFound(id)
	}
	if err != nil {
		return tenant.Group{}, err
	}
	return groups[0], nil
}

func (a *API) getGroup(ctx context.Context, req *request, args []string) (*reply, error) {
	sel, err := parseSelect(req.query, groupSelect)
	if err != nil {
		return nil, err
	}
	g, err := a.findGroup(ctx, args[0])
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, selection("groups", sel)+"/$entity", groupObject(g, sel)), nil
}

// directoryUser is a user among directory objects: typed, with Graph's
// default properties.
func directoryUser(u tenant.User) object {
	return append(object{{"@odata.type", "#microsoft.graph.user"}}, userObject(u, nil, nil)...)
}

func (a *API) groupMembers(ctx context.Context, req *request, args []string) (*reply, error) {
	g, err := a.findGroup(ctx, args[0])
	if err != nil {
		return nil, err
	}
	members, err := a.store.GroupMembers(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	return a.userList(ctx, req, members)
}

func (a *API) assignGroupLicense(ctx context.Context, req *request, args []string) (*reply, error) {
	add, remove, err := licenseChanges(req.body)
	if err != nil {
		return nil, err
	}
	if _, err := a.findGroup(ctx, args[0]); err != nil {
		return nil, err
	}
	g, err := a.store.SetGroupLicense(ctx, args[0], add, remove)
	if err != nil {
		return nil, err
	}
	// Graph applies a group's licenses to its members in the background
	// and says so; here they are applied already.
	return req.entity(http.StatusAccepted, "groups/$entity", groupObject(g, nil)), nil
}

// deletedUser is a deleted user as deletedItems lists it, with the
// properties sel names (Graph's defaults for none): Microsoft Entra puts
// the user's object id, without its dashes, in front of the UPN of a
// deleted user, so that the UPN is free for another, and takes it off
// again when the user is restored.
func deletedUser(u tenant.User, sel []string, lic []tenant.Assignment) object {
	u.UserPrincipalName = strings.ReplaceAll(u.ID, "-", "") + u.UserPrincipalName
	if sel != nil {
		return userObject(u, sel, lic)
	}
	return append(userObject(u, nil, nil), member{"deletedDateTime", graphTime(u.DeletedDateTime)})
}

func (a *API) listDeleted(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	if o.sel, err = parseSelect(req.query, userProperty); err != nil {
		return nil, err
	}
	deleted, err := a.store.DeletedUsers(ctx)
	if err != nil {
		return nil, err
	}
	lic, err := a.licensesOf(ctx, o.sel, deleted)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(deleted))
	for i, u := range deleted {
		items[i] = deletedUser(u, o.sel, lic[u.ID])
	}
	return req.pageOf(selection("directory/deletedItems/microsoft.graph.user", o.sel), o, items), nil
}

// findDeleted finds a deleted user by object id.
func (a *API) findDeleted(ctx context.Context, id string) (tenant.User, error) {
	if _, ok := parseGUID(id); !ok {
		return tenant.User{}, errInvalidID(id)
	}
	deleted, err := a.store.DeletedUsers(ctx)
	if err != nil {
		return tenant.User{}, err
	}
	for _, u := range deleted {
		if strings.EqualFold(u.ID, id) {
			return u, nil
		}
	}
	return tenant.User{}, tenant.ErrUserNotFound(id)
}

func (a *API) getDeleted(ctx context.Context, req *request, args []string) (*reply, error) {
	u, err := a.findDeleted(ctx, args[0])
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, "directory/deletedItems/$entity", append(object{{"@odata.type", "#microsoft.graph.user"}}, deletedUser(u, nil, nil)...)), nil
}

func (a *API) restoreDeleted(ctx context.Context, req *request, args []string) (*reply, error) {
	if _, err := a.findDeleted(ctx, args[0]); err != nil {
		return nil, err
	}
	res, err := a.store.RestoreUser(ctx, args[0])
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, "directoryObjects/$entity", directoryUser(res.User)), nil
}

// roleObject is a directory role as Graph returns it.
func roleObject(r tenant.DirectoryRole) object {
	return object{{"id", r.ID}, {"deletedDateTime", nil}, {"description", r.Description}, {"displayName", r.Name},
		{"roleTemplateId", r.TemplateID}}
}

// activeRoles are the roles someone holds: Graph lists a directory role
// once it is activated.
func (a *API) activeRoles(ctx context.Context) ([]tenant.DirectoryRole, error) {
	roles, err := a.store.DirectoryRoles(ctx)
	if err != nil {
		return nil, err
	}
	var out []tenant.DirectoryRole
	for _, r := range roles {
		if r.Members > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

func (a *API) listRoles(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	roles, err := a.activeRoles(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]object, len(roles))
	for i, r := range roles {
		items[i] = roleObject(r)
	}
	return req.pageOf("directoryRoles", o, items), nil
}

// findRole finds an activated role by its object id or template id.
func (a *API) findRole(ctx context.Context, id string) (tenant.DirectoryRole, error) {
	if _, ok := parseGUID(id); !ok {
		return tenant.DirectoryRole{}, errInvalidID(id)
	}
	return tenant.ActiveDirectoryRole(ctx, a.store, id)
}

func (a *API) getRole(ctx context.Context, req *request, args []string) (*reply, error) {
	r, err := a.findRole(ctx, args[0])
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, "directoryRoles/$entity", roleObject(r)), nil
}

func (a *API) roleMembers(ctx context.Context, req *request, args []string) (*reply, error) {
	r, err := a.findRole(ctx, args[0])
	if err != nil {
		return nil, err
	}
	users, err := tenant.RoleMembers(ctx, a.store, r.Name)
	if err != nil {
		return nil, err
	}
	return a.userList(ctx, req, users)
}

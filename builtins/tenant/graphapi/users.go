package graphapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"licsh/builtins/tenant"
)

// defaultUserProps are the properties Graph returns when $select names
// none: the tenant schema's defaults, in Graph's order, the id last.
func defaultUserProps() []string {
	var out []string
	for _, p := range tenant.UserProperties() {
		if p.Default && p.Name != "id" {
			out = append(out, p.Name)
		}
	}
	return append(out, "id")
}

// collectionProps are the user properties that are collections, which
// Graph shows as [] rather than null when empty.
var collectionProps = []string{"businessPhones", "imAddresses", "otherMails", "proxyAddresses", "assignedPlans",
	"provisionedPlans", "identities", "assignedLicenses", "licenseAssignmentStates"}

// text is a text property as Graph shows it: null when unset.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// userValue is the value of one of Graph's user properties.
func userValue(name string, u tenant.User, lic []tenant.Assignment) any {
	switch name {
	case "id":
		return u.ID
	case "accountEnabled":
		return u.AccountEnabled
	case "assignedLicenses":
		out := []object{}
		for _, a := range tenant.AssignedLicenses(lic) {
			out = append(out, object{{"disabledPlans", orEmpty(a.DisabledPlans)}, {"skuId", a.SkuID}})
		}
		return out
	case "licenseAssignmentStates":
		out := []object{}
		for _, a := range lic {
			errText := a.Error
			if errText == "" {
				errText = "None"
			}
			out = append(out, object{{"assignedByGroup", text(a.GroupID)}, {"disabledPlans", orEmpty(a.DisabledPlans)},
				{"error", errText}, {"lastUpdatedDateTime", graphTime(a.AssignedDateTime)}, {"skuId", a.SkuID}, {"state", a.State}})
		}
		return out
	case "createdDateTime":
		return graphTime(u.CreatedDateTime)
	case "deletedDateTime":
		return graphTime(u.DeletedDateTime)
	case "department":
		return text(u.Department)
	case "displayName":
		return text(u.DisplayName)
	case "givenName":
		return text(u.GivenName)
	case "jobTitle":
		return text(u.JobTitle)
	case "mail":
		return text(u.Mail)
	case "onPremisesSyncEnabled":
		if u.OnPremisesSync {
			return true
		}
		return nil
	case "surname":
		return text(u.Surname)
	case "usageLocation":
		return text(u.UsageLocation)
	case "userPrincipalName":
		return u.UserPrincipalName
	case "userType":
		return u.UserType
	}
	if slices.Contains(collectionProps, name) {
		return []string{}
	}
	return nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// userObject is a user as Graph returns it, with the properties sel names
// (Graph's defaults for none).
func userObject(u tenant.User, sel []string, lic []tenant.Assignment) object {
	if sel == nil {
		sel = defaultUserProps()
	}
	o := make(object, 0, len(sel))
	for _, name := range sel {
		o = append(o, member{name, userValue(name, u, lic)})
	}
	return o
}

// needsLicenses reports whether a selection shows the users' licenses.
func needsLicenses(sel []string) bool {
	return slices.Contains(sel, "assignedLicenses") || slices.Contains(sel, "licenseAssignmentStates")
}

// licensesOf are the license assignments of users by user id when the
// selection sel shows them, nil when it does not.
func (a *API) licensesOf(ctx context.Context, sel []string, users []tenant.User) (map[string][]tenant.Assignment, error) {
	if !needsLicenses(sel) {
		return nil, nil
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return a.store.LicensesOf(ctx, ids)
}

func (a *API) listUsers(ctx context.Context, req *request, _ []string) (*reply, error) {
	o, err := parseUserList(req)
	if err != nil {
		return nil, err
	}
	f := tenant.UserFilter{Query: o.filter.And(o.search), Top: o.top + 1, OrderBy: o.orderBy, After: o.page.after, Skip: o.page.skip}
	users := make([]tenant.User, 0, min(o.top+1, 128))
	if err := a.store.EachUser(ctx, f, func(u tenant.User) error {
		users = append(users, u)
		return nil
	}); err != nil {
		return nil, err
	}
	next := ""
	if len(users) > o.top {
		users = users[:o.top]
		c := cursor{after: users[len(users)-1].ID}
		if o.orderBy != nil || o.page.skip > 0 {
			c = cursor{skip: o.page.skip + o.top}
		}
		next = req.nextLink(c)
	}
	count := -1
	if o.advanced() {
		if count, err = a.store.CountUsers(ctx, f); err != nil {
			return nil, err
		}
	}
	lic, err := a.licensesOf(ctx, o.sel, users)
	if err != nil {
		return nil, err
	}
	sel := o.sel
	if sel == nil {
		sel = defaultUserProps()
	}
	items := make([]object, len(users))
	for i, u := range users {
		items[i] = userObject(u, sel, lic[u.ID])
	}
	return req.collection(selection("users", o.sel), count, items, next), nil
}

func (a *API) countUsers(ctx context.Context, req *request, _ []string) (*reply, error) {
	if !strings.EqualFold(req.header.Get("ConsistencyLevel"), "eventual") {
		return nil, errRequestBadRequest("$count is not currently supported.")
	}
	var q *tenant.Query
	var err error
	if v := req.query.Get("$filter"); v != "" {
		if q, err = tenant.ParseUserFilter(v); err != nil {
			return nil, err
		}
	}
	if v := req.query.Get("$search"); v != "" {
		sq, err := tenant.ParseUserSearch(v)
		if err != nil {
			return nil, err
		}
		q = q.And(sq)
	}
	n, err := a.store.CountUsers(ctx, tenant.UserFilter{Query: q})
	if err != nil {
		return nil, err
	}
	return &reply{status: http.StatusOK, body: strconv.Itoa(n)}, nil
}

// userWithLicenses reads a user and, when sel shows them, their licenses.
func (a *API) userWithLicenses(ctx context.Context, id string, sel []string) (tenant.User, []tenant.Assignment, error) {
	u, err := a.store.GetUser(ctx, id)
	if err != nil || !needsLicenses(sel) {
		return u, nil, err
	}
	lic, err := a.store.UserLicenses(ctx, u.ID)
	return u, lic, err
}

func (a *API) getUser(ctx context.Context, req *request, args []string) (*reply, error) {
	sel, err := parseSelect(req.query, userProperty)
	if err != nil {
		return nil, err
	}
	u, lic, err := a.userWithLicenses(ctx, args[0], sel)
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, selection("users", sel)+"/$entity", userObject(u, sel, lic)), nil
}

// readOnlyUserProps are user properties Graph computes, which a POST or
// PATCH may not set.
var readOnlyUserProps = []string{"id", "createdDateTime", "deletedDateTime", "assignedLicenses", "licenseAssignmentStates",
	"assignedPlans", "provisionedPlans", "onPremisesSyncEnabled", "onPremisesDistinguishedName", "onPremisesDomainName",
	"onPremisesLastSyncDateTime", "onPremisesSamAccountName", "onPremisesSecurityIdentifier", "onPremisesUserPrincipalName",
	"signInActivity", "lastPasswordChangeDateTime", "securityIdentifier", "memberOf", "manager", "creationType",
	"externalUserState", "proxyAddresses", "signInSessionsValidFromDateTime", "isResourceAccount"}

// userBody is the properties of a POST or PATCH of a user, checked
// against Graph's user type.
type userBody struct {
	texts    map[string]*string // the text properties the tenant keeps
	enabled  *bool
	password *string
	force    bool
	names    []string // every property given, as Graph writes it
}

// keptTexts are the text properties of users the tenant keeps.
var keptTexts = []string{"displayName", "givenName", "surname", "department", "jobTitle", "mail", "usageLocation",
	"userPrincipalName", "userType"}

// decodeObject reads a JSON object body into its members, and their names
// in the order given, so that an error names the first that is wrong.
func decodeObject(body []byte) (map[string]json.RawMessage, []string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, errMalformedJSON()
	}
	m := map[string]json.RawMessage{}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, errMalformedJSON()
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, errMalformedJSON()
		}
		if _, dup := m[key]; !dup {
			keys = append(keys, key)
		}
		m[key] = raw
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, nil, errMalformedJSON()
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errMalformedJSON()
	}
	return m, keys, nil
}

// parseUserBody reads the user properties of a POST or PATCH: unknown
// and read-only properties are refused, as are values of the wrong type.
func parseUserBody(body []byte) (userBody, error) {
	m, keys, err := decodeObject(body)
	if err != nil {
		return userBody{}, err
	}
	ub := userBody{texts: map[string]*string{}}
	for _, k := range keys {
		raw := m[k]
		if strings.HasPrefix(k, "@odata.") {
			continue
		}
		p, ok := tenant.LookupUserProperty(k)
		if !ok {
			return ub, errRequestBadRequest("Property '%s' does not exist as a declared property or extension property.", k)
		}
		name := p.Name
		if slices.Contains(readOnlyUserProps, name) {
			return ub, errRequestBadRequest("Property '%s' is read-only and cannot be set.", name)
		}
		ub.names = append(ub.names, name)
		switch {
		case slices.Contains(keptTexts, name):
			var s *string
			if err := json.Unmarshal(raw, &s); err != nil {
				return ub, tenant.ErrInvalidProperty(name)
			}
			if s == nil {
				s = new(string)
			}
			ub.texts[name] = s
		case name == "accountEnabled":
			var b bool
			if err := json.Unmarshal(raw, &b); err != nil {
				return ub, tenant.ErrInvalidProperty(name)
			}
			ub.enabled = &b
		case name == "passwordProfile":
			var pp struct {
				Password                             *string `json:"password"`
				ForceChangePasswordNextSignIn        bool    `json:"forceChangePasswordNextSignIn"`
				ForceChangePasswordNextSignInWithMfa bool    `json:"forceChangePasswordNextSignInWithMfa"`
			}
			if err := json.Unmarshal(raw, &pp); err != nil {
				return ub, tenant.ErrInvalidProperty(name)
			}
			ub.password, ub.force = pp.Password, pp.ForceChangePasswordNextSignIn || pp.ForceChangePasswordNextSignInWithMfa
		}
	}
	return ub, nil
}

func (ub userBody) text(name string) string {
	if s := ub.texts[name]; s != nil {
		return *s
	}
	return ""
}

func (a *API) createUser(ctx context.Context, req *request, _ []string) (*reply, error) {
	ub, err := parseUserBody(req.body)
	if err != nil {
		return nil, err
	}
	missing := ""
	switch {
	case ub.enabled == nil:
		missing = "accountEnabled"
	case ub.text("displayName") == "":
		missing = "displayName"
	case !slices.Contains(ub.names, "mailNickname"):
		missing = "mailNickname"
	case ub.password == nil || *ub.password == "":
		missing = "passwordProfile"
	case ub.text("userPrincipalName") == "":
		missing = "userPrincipalName"
	}
	if missing != "" {
		return nil, tenant.ErrRequiredProperty(missing)
	}
	u, err := a.store.NewUser(ctx, tenant.NewUser{
		UserPrincipalName: ub.text("userPrincipalName"), DisplayName: ub.text("displayName"), GivenName: ub.text("givenName"),
		Surname: ub.text("surname"), Mail: ub.text("mail"), Department: ub.text("department"), JobTitle: ub.text("jobTitle"),
		UsageLocation: ub.text("usageLocation"), UserType: ub.text("userType"), AccountEnabled: ub.enabled, Password: *ub.password,
	})
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusCreated, "users/$entity", userObject(u, nil, nil)), nil
}

func (a *API) updateUser(ctx context.Context, req *request, args []string) (*reply, error) {
	ub, err := parseUserBody(req.body)
	if err != nil {
		return nil, err
	}
	up := tenant.UserUpdate{UserPrincipalName: ub.texts["userPrincipalName"], DisplayName: ub.texts["displayName"],
		GivenName: ub.texts["givenName"], Surname: ub.texts["surname"], Mail: ub.texts["mail"], Department: ub.texts["department"],
		JobTitle: ub.texts["jobTitle"], UsageLocation: ub.texts["usageLocation"], UserType: ub.texts["userType"],
		AccountEnabled: ub.enabled}
	err = a.store.Write(ctx, func(tx *tenant.Tx) error {
		if len(ub.texts) > 0 || ub.enabled != nil {
			if _, err := tx.SetUser(args[0], up); err != nil {
				return err
			}
		} else if _, err := tx.ResolveUser(args[0]); err != nil {
			return err
		}
		if ub.password != nil {
			_, err := tx.ResetPassword(args[0], *ub.password, ub.force)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return noContent(), nil
}

func (a *API) deleteUser(ctx context.Context, req *request, args []string) (*reply, error) {
	if _, err := a.store.RemoveUser(ctx, args[0]); err != nil {
		return nil, err
	}
	return noContent(), nil
}

// licenseChanges reads the body of assignLicense: addLicenses and
// removeLicenses, both required, SKUs and plans as GUIDs.
func licenseChanges(body []byte) ([]tenant.AddLicense, []string, error) {
	m, keys, err := decodeObject(body)
	if err != nil {
		return nil, nil, err
	}
	for _, k := range keys {
		if k != "addLicenses" && k != "removeLicenses" {
			return nil, nil, errBadRequest("The parameter '%s' in the request payload is not a valid parameter for the operation 'assignLicense'.", k)
		}
	}
	var missing []string
	for _, k := range []string{"addLicenses", "removeLicenses"} {
		if _, ok := m[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, nil, errBadRequest("One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: %s.", strings.Join(missing, ", "))
	}
	var adds []struct {
		SkuID         *string  `json:"skuId"`
		DisabledPlans []string `json:"disabledPlans"`
	}
	var removes []string
	if json.Unmarshal(m["addLicenses"], &adds) != nil || json.Unmarshal(m["removeLicenses"], &removes) != nil {
		return nil, nil, tenant.ErrEdmGuid()
	}
	var add []tenant.AddLicense
	for _, l := range adds {
		if l.SkuID == nil {
			return nil, nil, errBadRequest("The property 'skuId' of an assignedLicense is required.")
		}
		id, ok := parseGUID(*l.SkuID)
		if !ok {
			return nil, nil, tenant.ErrEdmGuid()
		}
		plans := make([]string, 0, len(l.DisabledPlans))
		for _, p := range l.DisabledPlans {
			pid, ok := parseGUID(p)
			if !ok {
				return nil, nil, tenant.ErrEdmGuid()
			}
			plans = append(plans, pid)
		}
		add = append(add, tenant.AddLicense{SkuID: id, DisabledPlans: plans})
	}
	remove := make([]string, 0, len(removes))
	for _, r := range removes {
		id, ok := parseGUID(r)
		if !ok {
			return nil, nil, tenant.ErrEdmGuid()
		}
		remove = append(remove, id)
	}
	return add, remove, nil
}

func (a *API) assignUserLicense(ctx context.Context, req *request, args []string) (*reply, error) {
	add, remove, err := licenseChanges(req.body)
	if err != nil {
		return nil, err
	}
	res, err := a.store.SetUserLicenseStrict(ctx, args[0], add, remove)
	if err != nil {
		return nil, err
	}
	return req.entity(http.StatusOK, "users/$entity", userObject(res.User, nil, nil)), nil
}

// servicePlans are a product's plans as Graph lists them, each Success or,
// when off, Disabled.
func servicePlans(p tenant.Product, disabled []string) []object {
	out := make([]object, 0, len(p.Plans))
	for _, pl := range p.Plans {
		status := "Success"
		if slices.Contains(disabled, pl.ID) {
			status = "Disabled"
		}
		out = append(out, object{{"servicePlanId", pl.ID}, {"servicePlanName", pl.Name}, {"provisioningStatus", status}, {"appliesTo", "User"}})
	}
	return out
}

func (a *API) licenseDetails(ctx context.Context, req *request, args []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
		return nil, err
	}
	u, err := a.store.GetUser(ctx, args[0])
	if err != nil {
		return nil, err
	}
	lic, err := a.store.UserLicenses(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	products, err := a.store.Products(ctx)
	if err != nil {
		return nil, err
	}
	items := []object{}
	for _, l := range tenant.AssignedLicenses(lic) {
		i := slices.IndexFunc(products, func(p tenant.Product) bool { return p.SkuID == l.SkuID })
		if i < 0 {
			continue
		}
		items = append(items, object{{"id", tenant.LicenseDetailID(u.ID, l.SkuID)}, {"skuId", l.SkuID},
			{"skuPartNumber", products[i].PartNumber}, {"servicePlans", servicePlans(products[i], l.DisabledPlans)}})
	}
	return req.pageOf("users('"+u.ID+"')/licenseDetails", o, items), nil
}

func (a *API) memberOf(ctx context.Context, req *request, args []string) (*reply, error) {
	o, err := parseList(req)
	if err != nil {
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
	items := []object{}
	for _, g := range groups {
		items = append(items, append(object{{"@odata.type", "#microsoft.graph.group"}}, groupObject(g, nil)...))
	}
	held, err := a.store.RoleAssignments(ctx, "", u.ID)
	if err != nil {
		return nil, err
	}
	for _, h := range held {
		r, err := tenant.FindDirectoryRole(ctx, a.store, h.Role)
		if err != nil {
			return nil, err
		}
		items = append(items, append(object{{"@odata.type", "#microsoft.graph.directoryRole"}}, roleObject(r)...))
	}
	return req.pageOf("directoryObjects", o, items), nil
}

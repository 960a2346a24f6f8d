package tenant

import "strings"

// Property is a property of one of Graph's resource types, as $select and
// $filter name it: the one schema of users (and of groups) that Graph's
// cmdlets and the OData filter share.
type Property struct {
	Name string // as Graph writes it: "userPrincipalName"
	// Kept is set for the properties the tenant keeps; Graph's cmdlets
	// show the others as $null.
	Kept bool
	// Default is set for those Graph returns when $select names none.
	Default bool
	// column is the SQL column $filter compares, "" when the property
	// cannot be filtered on that way; boolean columns hold 0 and 1, guid
	// ones GUIDs, which a filter may write in any case.
	column  string
	boolean bool
	guid    bool
}

// userProperties are Graph's user properties: first those the tenant
// keeps, in the order Graph PowerShell's model lists them, then the rest.
var userProperties = []Property{
	{Name: "id", Kept: true, Default: true, column: "u.id", guid: true},
	{Name: "accountEnabled", Kept: true, column: "u.account_enabled", boolean: true},
	{Name: "assignedLicenses", Kept: true},
	{Name: "businessPhones", Kept: true, Default: true},
	{Name: "createdDateTime", Kept: true},
	{Name: "department", Kept: true, column: "u.department"},
	{Name: "displayName", Kept: true, Default: true, column: "u.display_name"},
	{Name: "givenName", Kept: true, Default: true, column: "u.given_name"},
	{Name: "jobTitle", Kept: true, Default: true, column: "u.job_title"},
	{Name: "licenseAssignmentStates", Kept: true},
	{Name: "mail", Kept: true, Default: true, column: "u.mail"},
	{Name: "mobilePhone", Kept: true, Default: true},
	{Name: "officeLocation", Kept: true, Default: true},
	{Name: "onPremisesSyncEnabled", Kept: true, column: "u.on_prem_sync", boolean: true},
	{Name: "preferredLanguage", Kept: true, Default: true},
	{Name: "surname", Kept: true, Default: true, column: "u.surname"},
	{Name: "usageLocation", Kept: true, column: "u.usage_location"},
	{Name: "userPrincipalName", Kept: true, Default: true, column: "u.upn"},
	{Name: "userType", Kept: true, column: "u.user_type"},
	{Name: "aboutMe"}, {Name: "ageGroup"}, {Name: "assignedPlans"}, {Name: "birthday"}, {Name: "city"},
	{Name: "companyName"}, {Name: "country"}, {Name: "creationType"}, {Name: "deletedDateTime"},
	{Name: "employeeHireDate"}, {Name: "employeeId"}, {Name: "employeeType"}, {Name: "externalUserState"},
	{Name: "faxNumber"}, {Name: "identities"}, {Name: "imAddresses"}, {Name: "isResourceAccount"},
	{Name: "lastPasswordChangeDateTime"}, {Name: "mailNickname"}, {Name: "manager"}, {Name: "memberOf"},
	{Name: "onPremisesDistinguishedName"}, {Name: "onPremisesDomainName"}, {Name: "onPremisesImmutableId"},
	{Name: "onPremisesLastSyncDateTime"}, {Name: "onPremisesSamAccountName"},
	{Name: "onPremisesSecurityIdentifier"}, {Name: "onPremisesUserPrincipalName"}, {Name: "otherMails"},
	{Name: "passwordPolicies"}, {Name: "passwordProfile"}, {Name: "postalCode"}, {Name: "preferredDataLocation"},
	{Name: "preferredName"}, {Name: "provisionedPlans"}, {Name: "proxyAddresses"}, {Name: "securityIdentifier"},
	{Name: "showInAddressList"}, {Name: "signInActivity"}, {Name: "signInSessionsValidFromDateTime"},
	{Name: "state"}, {Name: "streetAddress"},
}

// groupProperties are Graph's group properties, of which a filter may
// compare the id, the display name and a mail-enabled group's address.
var groupProperties = []Property{
	{Name: "id", Kept: true, Default: true, column: "g.id", guid: true},
	{Name: "displayName", Kept: true, Default: true, column: "g.display_name"},
	{Name: "assignedLicenses", Kept: true}, {Name: "createdDateTime", Kept: true},
	{Name: "mail", Kept: true, column: "g.mail"}, {Name: "mailNickname", Kept: true},
	{Name: "classification"}, {Name: "description"}, {Name: "groupTypes"}, {Name: "mailEnabled"},
	{Name: "membershipRule"}, {Name: "onPremisesSyncEnabled"}, {Name: "proxyAddresses"}, {Name: "securityEnabled"},
	{Name: "visibility"},
}

// resource is a Graph resource type that $filter runs on: its properties
// and the names Graph gives it in its complaints.
type resource struct {
	name      string // "User", as the unsupported-filter message says
	graphType string // "microsoft.graph.user"
	props     []Property
	// licenses is set for users, whose assignedLicenses/any and
	// assignedLicenses/$count a filter may ask about.
	licenses bool
}

var (
	users  = &resource{name: "User", graphType: "microsoft.graph.user", props: userProperties, licenses: true}
	groups = &resource{name: "Group", graphType: "microsoft.graph.group", props: groupProperties}
)

// lookup finds a property by name, case-insensitively.
func (r *resource) lookup(name string) (Property, bool) {
	for _, p := range r.props {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Property{}, false
}

// UserProperties returns Graph's user properties, the kept ones first in
// the order Graph PowerShell lists them.
func UserProperties() []Property {
	return append([]Property(nil), userProperties...)
}

// LookupUserProperty finds a user property by name, case-insensitively.
func LookupUserProperty(name string) (Property, bool) { return users.lookup(name) }

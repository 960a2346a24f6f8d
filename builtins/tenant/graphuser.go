package tenant

import "strings"

// UserProperty is a property of Graph's user type, as $select and $filter
// name it: the one schema of users that Graph's cmdlets and the OData
// filter share.
type UserProperty struct {
	Name string // as Graph writes it: "userPrincipalName"
	// Kept is set for the properties the tenant keeps; Graph's cmdlets
	// show the others as $null.
	Kept bool
	// Default is set for those Graph returns when $select names none.
	Default bool
	// column is the users column $filter compares, "" when the property
	// cannot be filtered on that way; boolean columns hold 0 and 1.
	column  string
	boolean bool
}

// userProperties are Graph's user properties: first those the tenant
// keeps, in the order Graph PowerShell's model lists them, then the rest.
var userProperties = []UserProperty{
	{Name: "id", Kept: true, Default: true, column: "u.id"},
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

// UserProperties returns Graph's user properties, the kept ones first in
// the order Graph PowerShell lists them.
func UserProperties() []UserProperty {
	return append([]UserProperty(nil), userProperties...)
}

// LookupUserProperty finds a user property by name, case-insensitively.
func LookupUserProperty(name string) (UserProperty, bool) {
	for _, p := range userProperties {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return UserProperty{}, false
}

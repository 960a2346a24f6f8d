package graph

import (
	"licsh/builtins/m365"
	"licsh/shell/format"
	"licsh/shell/interp"
)

// The Microsoft Graph PowerShell modules licsh has, which Get-Command shows
// as the cmdlets' Source.
const (
	modAuth         = "Microsoft.Graph.Authentication"
	modUsers        = "Microsoft.Graph.Users"
	modUsersActions = "Microsoft.Graph.Users.Actions"
	modDirectory    = "Microsoft.Graph.Identity.DirectoryManagement"
	modGroups       = "Microsoft.Graph.Groups"
	// modBetaUsers is the beta endpoint's Users module, whose cmdlets
	// answer as the v1.0 ones do here.
	modBetaUsers = "Microsoft.Graph.Beta.Users"
)

// graphVersion is the Microsoft Graph PowerShell release whose cmdlets
// licsh follows.
const graphVersion = "2.25.0"

// Modules returns the Microsoft Graph PowerShell modules, on the tenant of
// ts, each with its cmdlets and the default tables of its models.
func Modules(ts *m365.Session) []*interp.Module {
	mod := func(name, desc string, views ...format.View) *interp.Module {
		return &interp.Module{Name: name, Version: graphVersion, Description: desc, Views: views}
	}
	return interp.Grouped([]*interp.Module{
		mod(modAuth, "Signing in to Microsoft Graph, and the connection.",
			format.View{TypeName: typeMgEnvironment, Table: []string{"Name", "AzureADEndpoint", "GraphEndpoint", "Type"}}),
		mod(modUsers, "Users.",
			format.View{TypeName: typeMgUser, Table: []string{"DisplayName", "Id", "Mail", "UserPrincipalName"}},
			format.View{TypeName: typeMgLicenseDetails, Table: []string{"Id", "SkuId", "SkuPartNumber"}}),
		mod(modUsersActions, "Actions on users, such as assigning licenses."),
		mod(modDirectory, "The directory: the organization, its domains, directory roles, subscribed products and deleted items.",
			format.View{TypeName: typeMgSubscribedSku, Table: []string{"AppliesTo", "CapabilityStatus", "ConsumedUnits", "SkuId", "SkuPartNumber"}},
			format.View{TypeName: typeMgDirectoryObject, Table: []string{"Id", "DeletedDateTime"}},
			format.View{TypeName: typeMgOrganization, Table: []string{"Id", "DisplayName", "TenantType"}},
			format.View{TypeName: typeMgDomain, Table: []string{"Id", "AuthenticationType", "AvailabilityStatus", "IsAdminManaged", "IsDefault", "IsInitial", "IsRoot", "IsVerified"}},
			format.View{TypeName: typeMgDirectoryRole, Table: []string{"Id", "DisplayName", "Description"}}),
		mod(modGroups, "Groups, their members and licenses.",
			format.View{TypeName: typeMgGroup, Table: []string{"DisplayName", "Id", "MailNickname", "Description", "GroupTypes"}}),
		mod(modBetaUsers, "Users, from Graph's beta endpoint: the same answers as Microsoft.Graph.Users."),
	}, cmdlets(ts))
}

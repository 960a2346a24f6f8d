package azuread

import (
	"strings"

	"licsh/builtins/compat"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// typeAADDeletedObject is what AzureAD's deleted-items cmdlets output.
const typeAADDeletedObject = "Microsoft.Open.MSGraph.Model.MsDirectoryObject"

// directoryCmdlets are AzureAD's cmdlets that delete users and bring them
// back, as Microsoft's "Delete a user" and "Restore a user" pages use them.
func (a *azureADModule) directoryCmdlets() []*cmdlet.Cmdlet {
	id := &cmdlet.Param{Name: "Id", Aliases: []string{"ObjectId"}, Type: cmdlet.String, Position: 1, Mandatory: true,
		ValueFromPipelineByPropertyName: true, Help: "The deleted user's object id."}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Revoke-AzureADUserAllRefreshToken",
			Module:      moduleName,
			Synopsis:    "Signs a user out of every session.",
			Description: "Revoke-AzureADUserAllRefreshToken signs a user out everywhere; the tenant records it in the audit log. Users may revoke their own sessions; Global, User and Helpdesk Administrators those of others, as for password resets.",
			Params: []*cmdlet.Param{{Name: "ObjectId", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true,
				Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."}},
			Examples: []cmdlet.Example{{Code: "Revoke-AzureADUserAllRefreshToken -ObjectId megan.jansen@contoso.com", Remarks: "Signs a leaver out."}},
			Process: func(c cmdlet.Call) error {
				return a.change(c, c.String("ObjectId"), func(st tenant.Directory, id string) (any, error) {
					_, err := st.RevokeSignInSessions(c.Context(), id)
					return nil, err
				})
			},
		},
		{
			Name:        "Remove-AzureADUser",
			Module:      moduleName,
			Synopsis:    "Deletes a user, as AzureAD's Remove-AzureADUser does.",
			Description: "Remove-AzureADUser soft-deletes a user: Restore-AzureADMSDeletedDirectoryObject brings them back within 30 days.",
			Params: []*cmdlet.Param{{Name: "ObjectId", Aliases: []string{"UserPrincipalName", "Id"}, Type: cmdlet.String, Position: 1, Mandatory: true,
				ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: "The user's object id or user principal name."}},
			Examples: []cmdlet.Example{{Code: "Remove-AzureADUser -ObjectId megan.jansen@contoso.com", Remarks: "Deletes a user."}},
			Process: func(c cmdlet.Call) error {
				return a.change(c, c.String("ObjectId"), func(st tenant.Directory, id string) (any, error) {
					_, err := st.RemoveUser(c.Context(), id)
					return nil, err
				})
			},
		},
		{
			Name:        "Get-AzureADMSDeletedDirectoryObject",
			Module:      moduleName,
			Synopsis:    "Gets a deleted user that can still be restored.",
			Description: "Get-AzureADMSDeletedDirectoryObject -Id <object id> outputs a user deleted less than 30 days ago.",
			Params:      []*cmdlet.Param{id},
			Examples:    []cmdlet.Example{{Code: "$id = (Get-DeletedUser | Select-Object -First 1).Id\nGet-AzureADMSDeletedDirectoryObject -Id $id", Remarks: "A deleted user."}},
			Process: func(c cmdlet.Call) error {
				return a.change(c, c.String("Id"), func(st tenant.Directory, id string) (any, error) {
					deleted, err := st.DeletedUsers(c.Context())
					if err != nil {
						return nil, err
					}
					for _, u := range deleted {
						if strings.EqualFold(u.ID, id) {
							return aadDeletedObject(u), nil
						}
					}
					return nil, tenant.ErrUserNotFound(id)
				})
			},
		},
		{
			Name:        "Restore-AzureADMSDeletedDirectoryObject",
			Module:      moduleName,
			Synopsis:    "Restores a deleted user.",
			Description: "Restore-AzureADMSDeletedDirectoryObject brings back a user deleted less than 30 days ago and outputs it; licenses come back where their product has a seat.",
			Params:      []*cmdlet.Param{id},
			Examples:    []cmdlet.Example{{Code: "$id = (Get-DeletedUser | Select-Object -First 1).Id\nRestore-AzureADMSDeletedDirectoryObject -Id $id", Remarks: "Restores a user deleted by mistake."}},
			Process: func(c cmdlet.Call) error {
				return a.change(c, c.String("Id"), func(st tenant.Directory, id string) (any, error) {
					res, err := st.RestoreUser(c.Context(), id)
					if err != nil {
						return nil, err
					}
					for _, k := range res.NotRestored {
						c.WriteWarning("License " + k.PartNumber + " of '" + res.User.UserPrincipalName + "' was not restored: " + k.ProductName + " has no available licenses.")
					}
					return aadDeletedObject(res.User), nil
				})
			},
		},
	}
}

// change runs one tenant operation on the user id names, after the
// connection check, writing its result if any and its refusal as AzureAD
// does.
func (a *azureADModule) change(c cmdlet.Call, id string, fn func(tenant.Directory, string) (any, error)) error {
	st, err := a.conn.Open(c, "")
	if st == nil {
		return err
	}
	out, err := fn(st, id)
	if err != nil {
		return a.conn.Fail(c, "", err, id)
	}
	if out == nil {
		return nil
	}
	return c.Write(out)
}

// aadDeletedObject is a deleted (or just restored) user as AzureAD's MS
// directory object: its id and when it was deleted.
func aadDeletedObject(u tenant.User) *compat.Model {
	o := compat.NewModel(typeAADDeletedObject)
	o.Set("Id", u.ID)
	o.Set("DeletedDateTime", m365.DateOrNil(u.DeletedDateTime))
	o.Set("DisplayName", u.DisplayName)
	o.Set("UserPrincipalName", u.UserPrincipalName)
	return o
}

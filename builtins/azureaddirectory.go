package builtins

import (
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/interp"
)

// typeAADDeletedObject is what AzureAD's deleted-items cmdlets output.
const typeAADDeletedObject = "Microsoft.Open.MSGraph.Model.MsDirectoryObject"

// directoryCmdlets are AzureAD's cmdlets that delete users and bring them
// back, as Microsoft's "Delete a user" and "Restore a user" pages use them.
func (a *azureADModule) directoryCmdlets() []*interp.Cmdlet {
	id := &interp.Param{Name: "Id", Aliases: []string{"ObjectId"}, Type: "string", Position: 1, Mandatory: true,
		ValueFromPipelineByPropertyName: true, Help: "The deleted user's object id."}
	return []*interp.Cmdlet{
		{
			Name:        "Remove-AzureADUser",
			Synopsis:    "Deletes a user, as AzureAD's Remove-AzureADUser does.",
			Description: "Remove-AzureADUser soft-deletes a user: Restore-AzureADMSDeletedDirectoryObject brings them back within 30 days.",
			Params: []*interp.Param{{Name: "ObjectId", Aliases: []string{"UserPrincipalName", "Id"}, Type: "string", Position: 1, Mandatory: true,
				ValueFromPipelineByPropertyName: true, Complete: "user", Help: "The user's object id or user principal name."}},
			Examples: []interp.Example{{Code: "Remove-AzureADUser -ObjectId megan@contoso.com", Remarks: "Deletes a user."}},
			Process: func(c *interp.Call) error {
				return a.change(c, c.String("ObjectId"), func(st *tenant.Store, id string) (any, error) {
					_, err := st.RemoveUser(c.Context(), id)
					return nil, err
				})
			},
		},
		{
			Name:        "Get-AzureADMSDeletedDirectoryObject",
			Synopsis:    "Gets a deleted user that can still be restored.",
			Description: "Get-AzureADMSDeletedDirectoryObject -Id <object id> outputs a user deleted less than 30 days ago.",
			Params:      []*interp.Param{id},
			Examples:    []interp.Example{{Code: "Get-AzureADMSDeletedDirectoryObject -Id $id", Remarks: "A deleted user."}},
			Process: func(c *interp.Call) error {
				return a.change(c, c.String("Id"), func(st *tenant.Store, id string) (any, error) {
					deleted, err := st.DeletedUsers(c.Context())
					if err != nil {
						return nil, err
					}
					for _, u := range deleted {
						if strings.EqualFold(u.ID, id) {
							return aadDeletedObject(u), nil
						}
					}
					return nil, resourceNotFound(id)
				})
			},
		},
		{
			Name:        "Restore-AzureADMSDeletedDirectoryObject",
			Synopsis:    "Restores a deleted user.",
			Description: "Restore-AzureADMSDeletedDirectoryObject brings back a user deleted less than 30 days ago and outputs it; licenses come back where their product has a seat.",
			Params:      []*interp.Param{id},
			Examples:    []interp.Example{{Code: "Restore-AzureADMSDeletedDirectoryObject -Id $id", Remarks: "Restores a user deleted by mistake."}},
			Process: func(c *interp.Call) error {
				return a.change(c, c.String("Id"), func(st *tenant.Store, id string) (any, error) {
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
func (a *azureADModule) change(c *interp.Call, id string, fn func(*tenant.Store, string) (any, error)) error {
	st, err := a.open(c)
	if st == nil {
		return err
	}
	out, err := fn(st, id)
	if err != nil {
		return a.fail(c, st, err, id)
	}
	if out == nil {
		return nil
	}
	return c.Write(out)
}

// aadDeletedObject is a deleted (or just restored) user as AzureAD's MS
// directory object: its id and when it was deleted.
func aadDeletedObject(u tenant.User) *modelObject {
	o := newModel(typeAADDeletedObject)
	o.set("Id", u.ID)
	o.set("DeletedDateTime", dateOrNil(u.DeletedDateTime))
	o.set("DisplayName", u.DisplayName)
	o.set("UserPrincipalName", u.UserPrincipalName)
	return o
}

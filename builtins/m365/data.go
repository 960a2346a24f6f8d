package m365

import (
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

func dataCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-UserData",
			Module:      moduleName,
			Synopsis:    "Shows what happens to users' mailboxes and OneDrive.",
			Description: "Get-UserData outputs the state of users' data: MailboxState is Active, Disconnected (unlicensed: kept until MailboxPurgeDate), Purged or Inactive (a deleted user's mailbox kept by litigation hold); MailboxType is Regular or Shared (a shared mailbox needs no license and stays active without one); OneDriveState is Active, Retained (the user was deleted) or Deleted; EDiscoverySearchable says whether eDiscovery can search the mailbox. A deleted user's data is shown too. Without -Identity it lists every user's.",
			Params: []*cmdlet.Param{
				identityParam(false, "The user: a user principal name, object id or user object; every user when not given."),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-UserData adele.garcia@contoso.com", Remarks: "When Adele's mailbox will be purged after her license was removed."},
				{Code: "Get-UserData | Where-Object MailboxState -eq Disconnected", Remarks: "Mailboxes waiting to be purged."},
			},
			Process: func(c cmdlet.Call) error {
				return eachUserData(c, ts, func(d tenant.UserData) error { return c.Write(userDataObject(d)) })
			},
		},
	}
}

// eachUserData calls fn with the data of the -Identity user (live, or
// deleted and still holding data) or of every live user.
func eachUserData(c cmdlet.Call, ts *Session, fn func(tenant.UserData) error) error {
	st, err := ts.File(c)
	if err != nil {
		return err
	}
	ctx := c.Context()
	if c.Get("Identity") != nil {
		for _, id := range identities(c.Get("Identity")) {
			d, err := st.UserData(ctx, id)
			if tenant.IsCode(err, tenant.CodeUserNotFound) {
				d, err = st.DeletedUserData(ctx, id)
			}
			if err != nil {
				if err := Fail(c, err, id); err != nil {
					return err
				}
				continue
			}
			if err := fn(d); err != nil {
				return err
			}
		}
		return nil
	}
	users, err := st.Users(ctx, tenant.UserFilter{})
	if err != nil {
		return Fail(c, err, nil)
	}
	for _, u := range users {
		d, err := st.UserData(ctx, u.ID)
		if err != nil {
			return Fail(c, err, u.UserPrincipalName)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

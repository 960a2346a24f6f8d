package m365

import (
	"context"
	"strings"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

// roleNames are the roles completion offers; the tenant accepts the rest of
// Microsoft's role names too.
var roleNames = []string{"Global Administrator", "License Administrator", "User Administrator", "Billing Administrator", "Global Reader", "Privileged Role Administrator"}

func roleCmdlets(ts *Session) []*cmdlet.Cmdlet {
	roleParam := func(mandatory bool, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: "Role", Aliases: []string{"RoleName"}, Type: cmdlet.String, Mandatory: mandatory, ValueFromPipelineByPropertyName: true, Help: help + " Role names as Microsoft writes them: " + joinQuoted(roleNames) + "."}
	}
	userParam := func(mandatory bool, help string) *cmdlet.Param {
		return &cmdlet.Param{Name: "User", Aliases: []string{"UserPrincipalName", "UserId"}, Type: cmdlet.String, Mandatory: mandatory, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompleteUser, Help: help}
	}
	change := func(action string, do func(st tenant.Directory, ctx context.Context, role, user string) error) func(c cmdlet.Call) error {
		return func(c cmdlet.Call) error {
			st, err := ts.Open(c)
			if err != nil {
				return err
			}
			role, user := c.String("Role"), c.String("User")
			if ok, err := c.ShouldProcess(user, action+" "+role); !ok || err != nil {
				return err
			}
			if err := do(st, c.Context(), role, user); err != nil {
				return Fail(c, err, user)
			}
			return nil
		}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-RoleAssignment",
			Module:      moduleName,
			Synopsis:    "Gets the tenant's admin role assignments.",
			Description: "Get-RoleAssignment outputs who holds which admin role, by role and user principal name, optionally for one role or one user.",
			Params: []*cmdlet.Param{
				roleParam(false, "Only this role."),
				userParam(false, "Only this user's roles."),
			},
			Examples: []cmdlet.Example{
				{Code: "Get-RoleAssignment", Remarks: "Every admin."},
				{Code: "Get-RoleAssignment -Role 'License Administrator'", Remarks: "Who may assign licenses besides Global and User Administrators."},
			},
			Process: func(c cmdlet.Call) error {
				st, err := ts.Open(c)
				if err != nil {
					return err
				}
				ras, err := st.RoleAssignments(c.Context(), c.String("Role"), c.String("User"))
				if err != nil {
					return Fail(c, err, c.String("User"))
				}
				for _, ra := range ras {
					if err := c.Write(roleObject(ra)); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:                  "Add-RoleAssignment",
			Module:                moduleName,
			Synopsis:              "Gives a user an admin role.",
			Description:           "Add-RoleAssignment gives a user an admin role. Global and Privileged Role Administrators may; holding the role already is not an error.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				roleParam(true, "The role to give."),
				userParam(true, "The user's principal name or id."),
			},
			Examples: []cmdlet.Example{
				{Code: "Add-RoleAssignment -Role 'License Administrator' -User megan.jansen@contoso.com", Remarks: "Lets Megan assign licenses."},
			},
			Process: change("Add role", tenant.Directory.AddRoleAssignment),
		},
		{
			Name:                  "Remove-RoleAssignment",
			Module:                moduleName,
			Synopsis:              "Takes an admin role from a user.",
			Description:           "Remove-RoleAssignment takes an admin role from a user. The tenant's last Global Administrator keeps the role, so that someone can still manage the tenant.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				roleParam(true, "The role to take."),
				userParam(true, "The user's principal name or id."),
			},
			Examples: []cmdlet.Example{
				{Code: "Remove-RoleAssignment -Role 'License Administrator' -User lina.lopez@contoso.com", Remarks: "Lina can no longer assign licenses."},
			},
			Process: change("Remove role", tenant.Directory.RemoveRoleAssignment),
		},
	}
}

func joinQuoted(ss []string) string {
	return "'" + strings.Join(ss, "', '") + "'"
}

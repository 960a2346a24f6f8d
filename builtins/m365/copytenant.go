package m365

import (
	"fmt"
	"os"

	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// typeCopySummary is what Copy-Tenant outputs.
const typeCopySummary = "licsh.TenantCopy"

func copyTenantCmdlet(ts *Session) *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:     "Copy-Tenant",
		Module:   moduleName,
		Synopsis: "Copies the Microsoft 365 tenant the session is connected to into a new tenant file, to rehearse on.",
		Description: "Copy-Tenant reads the Microsoft 365 tenant the session is connected to through Microsoft Graph (Connect-Tenant -TenantId or Connect-MgGraph -TenantId) " +
			"and writes it into a new tenant file: the organization, its products with their service plans and seats, its subscriptions (a self-service purchase stays one, bought by the same user, so the copy refuses an admin's assignment of it as the tenant does), " +
			"its users with their licenses (direct, with their disabled plans, and from groups), its deleted users with their deletion time and the licenses a restore gives back (Restore-User works on the copy until 30 days after the deletion, as on the tenant), " +
			"its groups with their licenses and members, and the members of its admin roles, keeping every id. Users are read in pages of 999 with only the properties the file keeps. " +
			"Graph does not give a deleted user's group memberships, only the groups their licenses came from, which the copy makes them a member of; nor whether a mailbox is on litigation hold: a deleted user's mailbox is disconnected in the copy. " +
			"The copy is written in one transaction: a copy that fails leaves no file. The same scripts then run offline against it: licsh -Tenant <file>. " +
			"It outputs what it copied. The application needs User.Read.All, Organization.Read.All (or Directory.Read.All), Group.Read.All and, for the roles, Directory.Read.All (or RoleManagement.ReadWrite.Directory); " +
			"one that may not read the subscriptions (Organization.Read.All) still copies, with a warning, and no product of the copy is self-service.",
		SupportsShouldProcess: true,
		Params: []*cmdlet.Param{
			{Name: "Destination", Aliases: []string{"Path"}, Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The tenant file to write; it must not exist yet, or be empty."},
		},
		Examples: []cmdlet.Example{
			{Code: "Copy-Tenant -Destination ./rehearsal.db -WhatIf", Remarks: "Says what Copy-Tenant would do; on a live tenant it copies it to rehearsal.db, which licsh -Tenant ./rehearsal.db then works on."},
		},
		Outputs: typeCopySummary,
		Process: func(c cmdlet.Call) error {
			dest := c.Path(c.String("Destination"))
			g := ts.Graph()
			if ok, err := c.ShouldProcess(dest, "Copy tenant"); !ok || err != nil {
				return err
			}
			if g == nil {
				return interp.NewError("NotConnectedToGraph", "InvalidOperation", dest,
					"Copy-Tenant copies a Microsoft 365 tenant, and the session works on a tenant file. Connect first: Connect-Tenant -TenantId <tenant> -ClientId <application> with -CertificateThumbprint, -ClientSecretCredential or -Scopes.")
			}
			if info, err := os.Stat(dest); err == nil && info.Size() > 0 {
				return interp.NewError("DestinationExists", "ResourceExists", dest,
					fmt.Sprintf("The file %s exists: Copy-Tenant writes a new tenant file. Give another -Destination, or remove the file first.", dest))
			}
			r, err := g.Client.Replica(c.Context(), func(what string, n int) {
				c.WriteVerbose(fmt.Sprintf("Read %d %s.", n, what))
			})
			if err != nil {
				return Record(err, dest)
			}
			for _, w := range r.Warnings {
				c.WriteWarning(w)
			}
			st, err := tenant.Open(dest)
			if err != nil {
				return interp.NewError("DestinationUnavailable", "WriteError", dest, fmt.Sprintf("Cannot write the tenant file %s: %v", dest, err))
			}
			sum, err := st.Replicate(c.Context(), r)
			st.Close()
			if err != nil {
				// Nothing was written: the file the copy began goes too.
				for _, suffix := range []string{"", "-wal", "-shm"} {
					os.Remove(dest + suffix)
				}
				return Record(err, dest)
			}
			o := value.NewObject(typeCopySummary)
			o.Set("Path", dest)
			o.Set("TenantId", r.TenantID)
			o.Set("Name", r.Name)
			o.Set("Users", sum.Users)
			o.Set("DeletedUsers", sum.DeletedUsers)
			o.Set("Products", sum.Products)
			o.Set("Subscriptions", sum.Subscriptions)
			o.Set("Groups", sum.Groups)
			o.Set("Licenses", sum.Licenses)
			o.Set("RoleMembers", sum.Roles)
			o.Set("Duration", sum.Duration)
			return c.Write(o)
		},
	}
}

package m365

import (
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

func auditCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:     "Get-AuditLog",
		Module:   moduleName,
		Synopsis: "Gets the tenant's audit log.",
		Description: "Get-AuditLog outputs the audit rows of every change, oldest first: when, who (Actor), what (Operation), to whom (Target), the details and the batch it was part of. Filters match exactly, ignoring case. " +
			"On a Microsoft 365 tenant it reads Microsoft Entra's directory audit log through Microsoft Graph (auditLogs/directoryAudits, which needs AuditLog.Read.All): " +
			"Operation is the tenant's name of Entra's activity ('Set user license' for 'Change user license', 'Add group member' for 'Add member to group' ...; Entra's own name for an activity the tenant file does not log), " +
			"Actor the user or application that made the change, Target the user or group changed. Detail is only the group or role a member or owner was added to or removed from; " +
			"Before and After are only the licenses of a change of licenses, in Entra's words. What only a tenant file logs (batch steps, the tenant clock, subscriptions, mailboxes) is not in Entra's log, " +
			"and no entry is part of a batch, so -BatchId selects nothing there. Entra keeps its log for 30 days (7 without a Microsoft Entra ID P1 or P2 license).",
		Params: []*cmdlet.Param{
			{Name: "Operation", Type: cmdlet.String, Help: "Only this operation, such as 'Set user license'."},
			{Name: "Actor", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "Only changes made by this user principal name."},
			{Name: "Target", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "Only changes to this user principal name or object."},
			{Name: "BatchId", Type: cmdlet.Long, Help: "Only the changes of this Invoke-LicenseBatch run (on a tenant file; Entra's log has no batches)."},
			{Name: "Last", Type: cmdlet.Int, Help: "Only the newest rows, this many."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-AuditLog -Last 10", Remarks: "The ten newest changes."},
			{Code: "Get-AuditLog -Target adele.garcia@contoso.com", Remarks: "Every change to Adele."},
			{Code: "Get-AuditLog -Operation 'Set user license' -Last 1", Remarks: "The newest change of a user's licenses; on a Microsoft 365 tenant, Entra's newest 'Change user license'."},
		},
		Process: func(c cmdlet.Call) error {
			st, err := ts.Open(c)
			if err != nil {
				return err
			}
			var batch int64
			if v, ok := c.Get("BatchId").(int64); ok {
				batch = v
			}
			rows, err := st.AuditLog(c.Context(), tenant.AuditFilter{
				Operation: c.String("Operation"), Actor: c.String("Actor"), Target: c.String("Target"),
				BatchID: batch, Last: c.Int("Last"),
			})
			if err != nil {
				return Fail(c, err, nil)
			}
			for _, e := range rows {
				if err := c.Write(auditObject(e)); err != nil {
					return err
				}
			}
			return nil
		},
	}}
}

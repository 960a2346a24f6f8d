package m365

import (
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
)

func auditCmdlets(ts *Session) []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Get-AuditLog",
		Module:      moduleName,
		Synopsis:    "Gets the tenant's audit log.",
		Description: "Get-AuditLog outputs the audit rows of every change, oldest first: when, who (Actor), what (Operation), to whom (Target), the details and the batch it was part of. Filters match exactly, ignoring case.",
		Params: []*cmdlet.Param{
			{Name: "Operation", Type: cmdlet.String, Help: "Only this operation, such as 'Set user license'."},
			{Name: "Actor", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "Only changes made by this user principal name."},
			{Name: "Target", Type: cmdlet.String, Complete: cmdlet.CompleteUser, Help: "Only changes to this user principal name or object."},
			{Name: "BatchId", Type: cmdlet.Long, Help: "Only the changes of this Invoke-LicenseBatch run."},
			{Name: "Last", Type: cmdlet.Int, Help: "Only the newest rows, this many."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-AuditLog -Last 10", Remarks: "The ten newest changes."},
			{Code: "Get-AuditLog -Target adele.garcia@contoso.com", Remarks: "Every change to Adele."},
		},
		Process: func(c cmdlet.Call) error {
			st, err := ts.File(c)
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

package core

import "licsh/shell/format"

// views are the default displays of the objects these cmdlets make, as
// PowerShell's format data defines them.
func views() []format.View {
	return append([]format.View{
		{TypeName: "Microsoft.PowerShell.Commands.GroupInfo", Table: []string{"Count", "Name", "Group"}},
		{TypeName: "Microsoft.PowerShell.Commands.GroupInfoNoElement", Table: []string{"Count", "Name"}},
		{TypeName: "System.Management.Automation.CmdletInfo", Table: []string{"CommandType", "Name", "Version", "Source"}},
		// pwsh's one view of commands shows an alias's DisplayName as its
		// Name.
		{TypeName: "System.Management.Automation.AliasInfo", Table: []string{"CommandType", "DisplayName", "Version", "Source"},
			Columns: []format.Column{{Label: "CommandType"}, {Label: "Name"}, {Label: "Version"}, {Label: "Source"}}},
		{TypeName: "Microsoft.PowerShell.Commands.MemberDefinition", Table: []string{"Name", "MemberType", "Definition"}},
		{TypeName: "System.Management.Automation.PSVariable", Table: []string{"Name", "Value"}},
		{TypeName: "HelpInfoShort", Table: []string{"Name", "Category", "Module", "Synopsis"}},
		matchInfoView(),
		secureStringView(),
		cultureView(),
	}, helpViews()...)
}

package builtins

import "licsh/shell/interp"

// Register adds every built-in cmdlet to the registry.
func Register(r *interp.Registry) {
	for _, group := range [][]*interp.Cmdlet{
		objectCmdlets(),
		writeCmdlets(),
		formattingCmdlets(),
		csvCmdlets(),
		jsonCmdlets(),
		contentCmdlets(),
		dateCmdlets(),
		metaCmdlets(),
		variableCmdlets(),
		hostCmdlets(),
		newObjectCmdlets(),
		memberCmdlets(),
		testPathCmdlets(),
		excelCmdlets(),
		transcriptCmdlets(), errorViewCmdlets(),
	} {
		for _, c := range group {
			r.Add(c)
		}
	}
}

package core

import (
	"strings"
	"testing"

	"licsh/shell/cmdlet"
)

func TestSyntaxLines(t *testing.T) {
	t.Parallel()
	cmd := &cmdlet.Cmdlet{
		Name:                  "Set-UserLicense",
		SupportsShouldProcess: true,
		Params: []*cmdlet.Param{
			{Name: "Identity", Type: cmdlet.String, Position: 1, Mandatory: true},
			{Name: "AddLicenses", Type: cmdlet.Strings},
			{Name: "RemoveAll", Type: cmdlet.Switch},
			{Name: "Reason", Type: cmdlet.String, Mandatory: true},
			{Name: "Mode", Type: cmdlet.String, ValidateSet: []string{"Fast", "Safe"}},
			{Name: "Top", Type: cmdlet.Int, Position: 2},
			{Name: "Input", Type: cmdlet.Object},
		},
	}
	want := "Set-UserLicense [-Identity] <string> [[-Top] <int>] -Reason <string> [-AddLicenses <string[]>] [-RemoveAll] [-Mode {Fast | Safe}] [-Input <Object>] [-WhatIf] [-Confirm] [<CommonParameters>]"
	if got := syntaxLines(cmd); len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	sets := &cmdlet.Cmdlet{
		Name:                "Get-Thing",
		DefaultParameterSet: "ById",
		Params: []*cmdlet.Param{
			{Name: "Name", Type: cmdlet.String, Position: 1, Sets: []string{"ByName"}},
			{Name: "Id", Type: cmdlet.Int, Mandatory: true, Sets: []string{"ById"}},
			{Name: "All", Type: cmdlet.Switch},
		},
	}
	wantSets := []string{
		"Get-Thing -Id <int> [-All] [<CommonParameters>]",
		"Get-Thing [[-Name] <string>] [-All] [<CommonParameters>]",
	}
	if got := syntaxLines(sets); strings.Join(got, "\n") != strings.Join(wantSets, "\n") {
		t.Errorf("got %q\nwant %q", got, wantSets)
	}
	if got := syntaxLines(&cmdlet.Cmdlet{Name: "Get-Nothing"}); got[0] != "Get-Nothing [<CommonParameters>]" {
		t.Errorf("got %q", got)
	}
}

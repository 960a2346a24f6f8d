package core_test

import (
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

func TestMetaCmdlets(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Get-Command Get-Date", "\nCommandType Name     Version Source\n----------- ----     ------- ------\nCmdlet      Get-Date 7.0.0.0 Microsoft.PowerShell.Utility\n\n", ""},
		{"(Get-Command *-Csv).Name", "ConvertFrom-Csv\nConvertTo-Csv\nExport-Csv\nImport-Csv\n", ""},
		{"(Get-Command -Noun Content).Name", "Add-Content\nGet-Content\nSet-Content\n", ""},
		{"(Get-Command -Verb ConvertTo).Name", "ConvertTo-Csv\nConvertTo-Html\nConvertTo-Json\nConvertTo-SecureString\n", ""},
		{"(Get-Command gc).Name", "gc\n", ""},
		{"Get-Command gc, Get-Content", "\nCommandType Name              Version Source\n----------- ----              ------- ------\nAlias       gc -> Get-Content\nCmdlet      Get-Content       7.0.0.0 Microsoft.PowerShell.Management\n\n", ""},
		{"Get-Alias gc | Format-Table Name; (Get-Alias | Where-Object Name -eq 'gc').Definition", "\nName\n----\ngc\n\nGet-Content\n", ""},
		{"(Get-Command gc).CommandType", "Alias\n", ""},
		{"Get-Command Out-Null -Syntax", "\nOut-Null [-InputObject <Object>] [<CommonParameters>]\n\n", ""},
		{"Get-Command Set-Content -Syntax", "\nSet-Content [-Path] <string[]> [-Value] <Object[]> [-Encoding {ascii | bigendianunicode | bigendianutf32 | oem | unicode | utf7 | utf8 | utf8BOM | utf8NoBOM | utf32 | default | latin1}] [-NoNewline] [-PassThru] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]\n\n", ""},
		{"function Get-Mine { 'x' }; (Get-Command Get-Mine).CommandType", "Function\n", ""},
		{"Get-Command Get-Nothing", "", "The term 'Get-Nothing' is not recognized as a name of a cmdlet, function, script file, or executable program."},
		{"Get-Command Get-Nothing*; 'none'", "none\n", ""},
		{"Get-Help Out-Null", "\nNAME\n    Out-Null\n\nSYNOPSIS\n    Hides the output instead of sending it down the pipeline or displaying it.\n\n\nSYNTAX\n    Out-Null [-InputObject <Object>] [<CommonParameters>]\n\n\nDESCRIPTION\n    Out-Null discards its input.\n\n\nRELATED LINKS\n\nREMARKS\n    To see the examples, type: \"Get-Help Out-Null -Examples\".\n    For more information, type: \"Get-Help Out-Null -Detailed\".\n    For technical information, type: \"Get-Help Out-Null -Full\".\n\n\n", ""},
		{"Get-Help Out-Null -Examples", "\nNAME\n    Out-Null\n\nSYNOPSIS\n    Hides the output instead of sending it down the pipeline or displaying it.\n\n    -------------------------- EXAMPLE 1 --------------------------\n\n    PS > Set-UserLicense adele.garcia@contoso.com -AddLicenses SPE_E5 -PassThru | Out-Null\n\n    Discards the result.\n\n\n\n", ""},
		{"Get-Help Out-Null -Parameter InputObject", "\n    -InputObject <Object>\n        The objects to discard.\n\n        Required?                    false\n        Position?                    named\n        Default value                None\n        Accept pipeline input?       true (ByValue)\n        Parameter set name           (All)\n        Aliases                      None\n        Accept wildcard characters?  false\n\n\n", ""},
		{"$h = Get-Help Get-Content -Full | Out-String; $h -match 'PARAMETERS' -and $h -match 'Position\\?\\s+0'", "True\n", ""},
		{"(Get-Help gc | Out-String) -match 'NAME\\s+Get-Content'", "True\n", ""},
		{"(Get-Help Out-Null | Out-String) -eq (Get-Help Out-Null | Out-String -Width 120)", "True\n", ""},
		{"(Get-Help Where-Object).Name", "Where-Object\n", ""},
		{"(Get-Help where).Name", "Where-Object\n", ""},
		{"(Get-Help Where-Object).Synopsis", "Selects objects from a collection based on their property values.\n", ""},
		{"(Get-Help Out-Null).Category", "Cmdlet\n", ""},
		{"(Get-Help Out-Null).ModuleName", "Microsoft.PowerShell.Core\n", ""},
		{"(Get-Help Out-Null).Description.Text", "Out-Null discards its input.\n", ""},
		{"(Get-Help Out-Null).Parameters.Parameter.Name", "InputObject\n", ""},
		{"(Get-Help Get-Content).Parameters.Parameter[0].Position", "0\n", ""},
		{"(Get-Help Out-Null).Parameters.Parameter.PipelineInput", "true (ByValue)\n", ""},
		{"(Get-Help Out-Null).Examples.Example.Code", "Set-UserLicense adele.garcia@contoso.com -AddLicenses SPE_E5 -PassThru | Out-Null\n", ""},
		{"(Get-Help Out-Null).Syntax.SyntaxItem.Name", "Out-Null\n", ""},
		{"(Get-Help Out-Null).Syntax", "\nOut-Null [-InputObject <Object>] [<CommonParameters>]\n\n", ""},
		{"(Get-Help Out-Null -Examples | Get-Member -Name Name).TypeName", "MamlCommandHelpInfo#ExamplesView\n", ""},
		{"(Get-Help Out-Null | Get-Member -Name Name).TypeName", "MamlCommandHelpInfo\n", ""},
		{"Get-Help Out-Null | Select-Object Name, Category", "\nName     Category\n----     --------\nOut-Null Cmdlet\n\n", ""},
		{"function Get-Seat { param($Sku) 'seat' }; (Get-Help Get-Seat).Category", "Function\n", ""},
		{"(Get-Command gc).ResolvedCommandName", "Get-Content\n", ""},
		{"(Get-Command gc).Definition", "Get-Content\n", ""},
		{"(Get-Command gc).ReferencedCommand.Source", "Microsoft.PowerShell.Management\n", ""},
		{"(Get-Command gc).DisplayName", "gc -> Get-Content\n", ""},
		{"(Get-Command Get-Content).Verb + '/' + (Get-Command Get-Content).Noun", "Get/Content\n", ""},
		{"(Get-Command Out-Null).Definition", "\nOut-Null [-InputObject <Object>] [<CommonParameters>]\n\n", ""},
		{"Get-Help Get-Nothing", "", "Get-Help could not find Get-Nothing in a help file in this session."},
		{"Get-Help Out-Null -Parameter Nope", "", "No parameter matches criteria Nope."},
		{"(Get-Help *-Json).Name", "ConvertFrom-Json\nConvertTo-Json\n", ""},
		{"[pscustomobject]@{Name='Ann'; N=3} | Get-Member", "\nName        MemberType   Definition\n----        ----------   ----------\nEquals      Method       bool Equals(System.Object obj)\nGetHashCode Method       int GetHashCode()\nGetType     Method       type GetType()\nToString    Method       string ToString()\nN           NoteProperty int N=3\nName        NoteProperty string Name=Ann\n\n", ""},
		{"([pscustomobject]@{A=1},[pscustomobject]@{B=2} | Get-Member -MemberType NoteProperty).Name", "A\n", ""},
		{"(Get-Date | Get-Member -Name Year).Definition", "int Year {get;}\n", ""},
		{"('x' | Get-Member -MemberType Property).TypeName", "System.String\n", ""},
		{"Get-Member", "", "You must specify an object for the Get-Member cmdlet."},
	}...)
}

func TestVariableCmdlets(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Set-Variable -Name limit -Value 100; $limit", "100\n", ""},
		{"Set-Variable n 5; Get-Variable n -ValueOnly", "5\n", ""},
		{"$a = 'x'; (Get-Variable a).Value", "x\n", ""},
		{"$a = 'x'; Get-Variable a", "\nName Value\n---- -----\na    x\n\n", ""},
		{"function f { Set-Variable g 1 -Scope Global }; f; $g", "1\n", ""},
		{"function f { Set-Variable l 1 }; f; $l -eq $null", "True\n", ""},
		{"Get-Variable nope", "", "Cannot find a variable with the name 'nope'."},
		{"(Set-Variable p 2 -PassThru).Name", "p\n", ""},
		{"$seatsLeft = 'a'; $seatsUsed = 'b'; Get-Variable seats*", "\nName      Value\n----      -----\nseatsLeft a\nseatsUsed b\n\n", ""},
		{"$zzLast = 1; (Get-Variable).Name -contains 'zzLast'", "True\n", ""},
		{"$zzA = 1; function f { $zzB = 2; (Get-Variable zz*).Name }; f", "zzA\nzzB\n", ""},
		{"$zzA = 7; Get-Variable zz* -ValueOnly", "7\n", ""},
		{"Get-Variable nomatch*", "", ""},
	}...)
}

func TestNewObject(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"$o = New-Object PSObject -Property @{ UPN = 'ann@x.com' }; $o.UPN", "ann@x.com\n", ""},
		{"New-Object PSCustomObject -Property ([ordered]@{A=1; B=2}) | ConvertTo-Csv", "\"A\",\"B\"\n\"1\",\"2\"\n", ""},
		{"$l = New-Object System.Collections.Generic.List[object]; $l.Add(1); $l.Add(2); $l.Count", "2\n", ""},
		{"$l = New-Object System.Collections.ArrayList; $null = $l.Add('a'); $l.Count", "1\n", ""},
		{"$h = New-Object hashtable; $h['k'] = 1; $h.Count", "1\n", ""},
		{"(New-Object DateTime 2024,1,15).ToString('yyyy-MM-dd')", "2024-01-15\n", ""},
		{"(New-Object TimeSpan 1,30,0).TotalMinutes", "90\n", ""},
		{"New-Object Foo.Bar", "", "Cannot find type [Foo.Bar]: verify that the assembly containing this type is loaded."},
	}...)
}

func TestReadHost(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Contains, []licshtest.Case{
		{"Read-Host 'Name'", "", "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."},
	}...)
	var out strings.Builder
	var prompts []string
	host := &interp.Host{Stdout: &out, Interactive: true, Width: 120, Prompt: func(p string, secret bool) (string, error) {
		prompts = append(prompts, p+map[bool]string{true: "(secret)", false: ""}[secret])
		return "typed", nil
	}}
	r := licshtest.New(t).Runner(host)
	r.RunString(t.Context(), "t.ps1", "$a = Read-Host 'User principal name'; \"got $a\"; $s = Read-Host -AsSecureString 'Password'; \"$s\"", nil)
	if got, want := out.String(), "got typed\nSystem.Security.SecureString\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if want := []string{"User principal name: ", "Password: (secret)"}; strings.Join(prompts, "|") != strings.Join(want, "|") {
		t.Errorf("prompts %q, want %q", prompts, want)
	}
}

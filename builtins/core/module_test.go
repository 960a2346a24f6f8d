package core_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"licsh/builtins/licshtest"
)

// writeFiles makes files of a test's folder, by path relative to it.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScriptModules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"Tools.psm1": "$script:n = 0\nfunction Get-Next { $script:n++; $script:n }\nfunction Hidden-Helper { 'h' }\n" +
			"Export-ModuleMember -Function Get-Next\n'loading Tools'",
		"Plain.psm1":       "function Get-A { 'a' }\nfunction Get-B { 'b' }\n$secret = 1",
		"Vars.psm1":        "$Shared = 'shared value'\nfunction Get-Shared { $Shared }\nExport-ModuleMember -Function Get-Shared -Variable Shared",
		"Lib/Lib.psd1":     "@{ RootModule = 'Lib.psm1'; NestedModules = @('Extra.psm1'); ModuleVersion = '2.1.0'; FunctionsToExport = 'Get-Lib', 'Get-Extra' }",
		"Lib/Lib.psm1":     "function Get-Lib { \"lib in $(Split-Path -Leaf $PSScriptRoot)\" }\nfunction Get-Private { }",
		"Lib/Extra.psm1":   "function Get-Extra { 'extra' }",
		"Broken.psm1":      "function Get-Ok { 'ok' }\nfunction Get-Bad {\n  if ($x) {\n",
		"Found/Found.psm1": "function Get-Found { 'found by name' }",
		"Needs.psm1":       "#requires -Version 9.0\nfunction Get-Never { }",
	})
	s := licshtest.Script(t, dir)
	s.Check(licshtest.Exact, []licshtest.Case{
		{"Import-Module ./Tools.psm1; Get-Next; Get-Next", "loading Tools\n1\n2\n", ""},
		{"Import-Module ./Tools.psm1; Import-Module ./Tools.psm1; Get-Next", "loading Tools\n1\n", ""},
		{"Import-Module ./Tools.psm1; Get-Next; Import-Module ./Tools.psm1 -Force; Get-Next", "loading Tools\n1\nloading Tools\n1\n", ""},
		{"Import-Module ./Plain.psm1; (Get-Module Plain).ExportedFunctions -join ','; $null -eq $secret", "Get-A,Get-B\nTrue\n", ""},
		{"Import-Module ./Plain.psm1 -Prefix My; Get-MyA; (Get-Command Get-MyB).Source", "a\nPlain\n", ""},
		{"Import-Module ./Vars.psm1; Get-Shared; $Shared", "shared value\nshared value\n", ""},
		{"Import-Module ./Plain.psm1 -PassThru | ForEach-Object { $_.Name, $_.ModuleType, $_.Version -join ' ' }", "Plain Script 0.0\n", ""},
		{"Import-Module ./Plain.psm1; Get-Command -Module Plain | ForEach-Object Name", "Get-A\nGet-B\n", ""},
		{"Import-Module ./Lib; (Get-Module Lib).Version; Get-Extra; (Get-Command Get-Lib).Source; (Get-Command Get-Private -ErrorAction SilentlyContinue).Count",
			"2.1.0\nextra\nLib\n0\n", ""},
		{"Import-Module Lib -RequiredVersion 2.1.0; Get-Extra", "extra\n", ""},
		{"Import-Module Found; Get-Found", "found by name\n", ""},
	}...)
	s.Check(licshtest.Pattern, []licshtest.Case{
		{"Import-Module ./Broken.psm1; Get-Ok", "", `Import-Module: .*Broken.psm1:3 .*Missing closing '}' in statement block or type definition. Get-Ok: .*The term 'Get-Ok' is not recognized.*`},
		{"Import-Module ./Plain.psm1; Remove-Module Plain; (Get-Module Plain).Count; Get-A", "0\n", `Get-A: test.ps1:1 The term 'Get-A' is not recognized as a name of a cmdlet.*`},
		{"Import-Module ./Needs.psm1", "", `Needs.psm1: test.ps1:1 The script 'Needs.psm1' cannot be run because it contained a "#requires" statement for PowerShell 9.0.*`},
		{"Import-Module Lib -MinimumVersion 3.0", "", `Import-Module: .*The specified module 'Lib' with version '3.0' was not loaded because no valid module file was found in any module directory.`},
		{"Export-ModuleMember -Function x", "", `Export-ModuleMember: .*The Export-ModuleMember cmdlet can only be called from inside a module.`},
	}...)
}

func TestModuleAutoloading(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Exact, []licshtest.Case{
		{"(Get-Module).Name", "Microsoft.PowerShell.Core\n", ""},
		{"$null = 1 | Select-Object; (Get-Module).Name", "Microsoft.PowerShell.Utility\nMicrosoft.PowerShell.Core\n", ""},
		{"Import-Module MSOnline; Import-Module AzureADPreview; (Get-Module).Name -join ','", "Microsoft.PowerShell.Core,MSOnline,AzureAD,AzureADPreview\n", ""},
		{"Import-Module Microsoft.Graph; (Get-Module Microsoft.Graph*).Count -gt 3", "True\n", ""},
		{"Import-Module Microsoft.PowerShell.Security, PSReadLine; 'ok'", "ok\n", ""},
		{"Remove-Module Microsoft.PowerShell.Core; (Get-Module).Count", "1\n", ""},
	}...)
}

func TestRequires(t *testing.T) {
	t.Parallel()
	licshtest.Script(t, t.TempDir()).Check(licshtest.Pattern, []licshtest.Case{
		{"#Requires -Version 5.1\n#Requires -Modules MSOnline, @{ ModuleName = 'AzureAD'; ModuleVersion = '2.0' }\n(Get-Module MSOnline, AzureAD).Count", "2\n", ``},
		{"#requires -RunAsAdministrator\n'runs'", "runs\n", ``},
		{"#requires -PSEdition Core\n'core'", "core\n", ``},
		{"#requires -PSEdition Desktop\n'never'", "",
			`test.ps1: The script 'test.ps1' cannot be run because it contained a "#requires" statement for PowerShell editions 'Desktop'. The edition of PowerShell that is required by the script does not match the currently running PowerShell Core edition.`},
		{"#requires -Version 7.5\n'never'", "",
			`test.ps1: The script 'test.ps1' cannot be run because it contained a "#requires" statement for PowerShell 7.5. The version of PowerShell that is required by the script does not match the currently running version of PowerShell 7.4.0.`},
		{"#requires -Modules @{ ModuleName = 'MSOnline'; RequiredVersion = '9.9' }, Nope\n'never'", "",
			`test.ps1: The script 'test.ps1' cannot be run because the following modules that are specified by the "#requires" statements of the script are missing: MSOnline, Nope.`},
		{"#requires -Shell x -Nope\n'never'", "", `ParserError: test.ps1:1 Cannot process the #requires statement because it is not in the correct format.*`},
	}...)
}

// TestScriptEncodings runs scripts, modules and manifests saved with a byte
// order mark, as Windows PowerShell's editors and Out-File save them: UTF-16
// little- and big-endian and UTF-8 (issue 12).
func TestScriptEncodings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	utf16Of := func(order binary.AppendByteOrder, text string) string {
		out := order.AppendUint16(nil, 0xFEFF)
		for _, u := range utf16.Encode([]rune(text)) {
			out = order.AppendUint16(out, u)
		}
		return string(out)
	}
	writeFiles(t, dir, map[string]string{
		"le.ps1":         utf16Of(binary.LittleEndian, "param($Name)\r\n\"UTF-16 LE: Zoë $Name\"\r\n"),
		"be.ps1":         utf16Of(binary.BigEndian, "function Get-Be { 'UTF-16 BE: Zoë' }\r\n"),
		"bom8.ps1":       "\xEF\xBB\xBF'UTF-8 BOM: Zoë'\n",
		"Wide/Wide.psd1": utf16Of(binary.LittleEndian, "@{ RootModule = 'Wide.psm1'; ModuleVersion = '1.2.0' }\r\n"),
		"Wide/Wide.psm1": utf16Of(binary.LittleEndian, "function Get-Wide { 'UTF-16 module: Zoë' }\r\n"),
		"broken.ps1":     utf16Of(binary.LittleEndian, "'Zoë'\r\nif ($true) {\r\n"),
	})
	s := licshtest.Script(t, dir)
	s.Check(licshtest.Exact, []licshtest.Case{
		{"./le.ps1 -Name Ann", "UTF-16 LE: Zoë Ann\n", ""},
		{"& ./le.ps1 Bob", "UTF-16 LE: Zoë Bob\n", ""},
		{". ./be.ps1; Get-Be", "UTF-16 BE: Zoë\n", ""},
		{"./bom8.ps1", "UTF-8 BOM: Zoë\n", ""},
		{"Import-Module ./Wide; Get-Wide; (Get-Module Wide).Version.ToString()", "UTF-16 module: Zoë\n1.2.0\n", ""},
		{"Import-Module ./Wide/Wide.psm1; Get-Wide", "UTF-16 module: Zoë\n", ""},
		// A parse error quotes the line as decoded.
		{"./broken.ps1", "", "ParserError: ./broken.ps1:2\nLine |\n   2 |  if ($true) {\n     |             ~\n     | Missing closing '}' in statement block or type definition.\n"},
	}...)
}

package core_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

func TestSecureStrings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"$pw = ConvertTo-SecureString 'P@ss' -AsPlainText -Force; $pw; \"$pw\"; $pw.GetType().FullName; $pw -is [securestring]",
			"System.Security.SecureString\nSystem.Security.SecureString\nSystem.Security.SecureString\nTrue\n", ""},
		{"ConvertTo-SecureString 'P@ss' -AsPlainText | ConvertFrom-SecureString", "5000400073007300\n", ""},
		{"ConvertTo-SecureString '5000400073007300' | ConvertFrom-SecureString -AsPlainText", "P@ss\n", ""},
		{"'héllo' | ConvertTo-SecureString -AsPlainText | ConvertFrom-SecureString | ConvertTo-SecureString | ConvertFrom-SecureString -AsPlainText", "héllo\n", ""},
		{"$k = 1..32; $e = ConvertTo-SecureString 'P@ss' -AsPlainText | ConvertFrom-SecureString -Key $k; $e.StartsWith('76492d1116743f0423413b16050a5345'); ConvertTo-SecureString $e -Key $k | ConvertFrom-SecureString -AsPlainText",
			"True\nP@ss\n", ""},
		{"$k = [byte[]](1..16); $e = ConvertTo-SecureString 'x' -AsPlainText | ConvertFrom-SecureString -Key $k; (ConvertTo-SecureString $e -Key $k | ConvertFrom-SecureString -AsPlainText)", "x\n", ""},
		{"$c = New-Object System.Management.Automation.PSCredential('admin@contoso.com', (ConvertTo-SecureString 'pw1' -AsPlainText))\n$c; $c.UserName; $c.Password; $c.GetNetworkCredential().Password; $c -is [pscredential]",
			"\nUserName          Password\n--------          --------\nadmin@contoso.com System.Security.SecureString\nadmin@contoso.com\nSystem.Security.SecureString\npw1\nTrue\n\n", ""},
		{"$p = ConvertTo-SecureString 'pw2' -AsPlainText; (New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'u', $p).GetNetworkCredential().Password; [pscredential]::new('u', $p).UserName",
			"pw2\nu\n", ""},
		{"$n = [pscredential]::new('CONTOSO\\ann', (ConvertTo-SecureString 'pw' -AsPlainText)).GetNetworkCredential(); $n.Domain; $n.UserName", "CONTOSO\nann\n", ""},
		{"(New-Object System.Net.NetworkCredential('', (ConvertTo-SecureString 'plain' -AsPlainText))).Password; [System.Net.NetworkCredential]::new('u', 'p').Password", "plain\np\n", ""},
		{"Get-ExecutionPolicy -List | Where-Object Scope -eq LocalMachine | ForEach-Object ExecutionPolicy", "Unrestricted\n", ""},
	}...)
	oneLine(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"ConvertTo-SecureString 'P@ssw0rd'", "", "ConvertTo-SecureString: The input string 'P@' was not in a correct format.\n"},
		// A wrong key finds invalid padding in all but about one text in 256
		// (as in PowerShell, whose format has no check of its own), so the
		// text is fixed: one made with -Key (1..16), which the first case
		// reads back.
		{"ConvertTo-SecureString '" + keyedX + "' -Key (1..16) | ConvertFrom-SecureString -AsPlainText", "x\n", ""},
		{"ConvertTo-SecureString '" + keyedX + "' -Key (2..17)", "", "ConvertTo-SecureString: Padding is invalid and cannot be removed.\n"},
		{"ConvertTo-SecureString '01000000d08c9ddf0115d1118c7a00c04fc297eb01000000a1b2'", "",
			"ConvertTo-SecureString: The secure string was encrypted on Windows with DPAPI, for one Windows user on one computer; it cannot be decrypted here. Export it again with ConvertFrom-SecureString -Key (or Export-Clixml in licsh) and read it with the same key.\n"},
		{"ConvertTo-SecureString 'x' -AsPlainText | ConvertFrom-SecureString -Key (1..5)", "", "ConvertFrom-SecureString: The specified key is not valid. Valid key length settings are either 128 bits, 192 bits, or 256 bits.\n"},
		{"New-Object System.Management.Automation.PSCredential('u', 'plain')", "",
			"New-Object: Cannot convert argument \"password\", with value: \"plain\", for \"PSCredential\" to type \"System.Security.SecureString\": \"Cannot convert the \"plain\" value of type \"System.String\" to type \"System.Security.SecureString\".\"\n"},
		{"$cred = Get-Credential", "",
			"Get-Credential: PowerShell is in NonInteractive mode. Read and Prompt functionality is not available. Pass the credential with the -Credential parameter of the command that needs it, made in the script with New-Object System.Management.Automation.PSCredential($user, $password) or read with Import-Clixml.\n"},
	}...)
}

// keyedX is 'x' as ConvertFrom-SecureString -Key (1..16) wrote it once.
const keyedX = "76492d1116743f0423413b16050a5345MgB8AG0AdgA5AFMAWABFAGsAMQB2ACsAKwA3AEkAbQB3AHgAcQB3AEUAeAAzAHcAPQA9AHwAZQA1ADkAOQA0AGQAZgAyAGUANwA5ADQAYgAxADMAMAA2ADUAMAA0ADcANAAxADMAYwA2AGEAZgAwAGQAZAA3AA=="

// TestGetCredentialPrompts answers Get-Credential's prompts as a person
// at the keyboard would.
func TestGetCredentialPrompts(t *testing.T) {
	t.Parallel()
	s := licshtest.New(t)
	var out, errb bytes.Buffer
	var prompts []string
	answers := []string{"lina.lopez@contoso.com", "s3cret"}
	r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb, Interactive: true, Prompt: func(p string, secret bool) (string, error) {
		prompts = append(prompts, p+map[bool]string{true: "(secret)", false: ""}[secret])
		a := answers[0]
		answers = answers[1:]
		return a, nil
	}})
	r.RunString(context.Background(), "", "$c = Get-Credential; $c.UserName; $c.GetNetworkCredential().Password; (Get-Credential -Credential $c).UserName", nil)
	if got, want := out.String(), "lina.lopez@contoso.com\ns3cret\nlina.lopez@contoso.com\n"; got != want || errb.Len() > 0 {
		t.Errorf("output %q, want %q; errors %q", got, want, errb.String())
	}
	want := []string{"\nPowerShell credential request\nEnter your credentials.\nUser: ", "Password for user lina.lopez@contoso.com: (secret)"}
	if strings.Join(prompts, "|") != strings.Join(want, "|") {
		t.Errorf("prompts %q, want %q", prompts, want)
	}
	answers = []string{"pw"}
	prompts = nil
	out.Reset()
	r.RunString(context.Background(), "", "(Get-Credential -UserName admin -Message 'Sign in').GetNetworkCredential().Password", nil)
	if out.String() != "pw\n" || len(prompts) != 1 || prompts[0] != "\nPowerShell credential request\nSign in\nPassword for user admin: (secret)" {
		t.Errorf("output %q, prompts %q", out.String(), prompts)
	}
}

func TestClixml(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"'a', 1, 2.5, $true, $null | Export-Clixml v.xml; Get-Content v.xml -Raw",
			"<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n  <S>a</S>\n  <I32>1</I32>\n  <Db>2.5</Db>\n  <B>true</B>\n  <Nil />\n</Objs>\n", ""},
		{"$v = Import-Clixml v.xml; $v.Count; $v[1].GetType().Name; $v[2] * 2; $v[3]", "5\nInt32\n5\nTrue\n", ""},
		{"[pscustomobject]@{Name='Ann'; N=3}, [pscustomobject]@{Name='Bob'; N=4} | Export-Clixml p.xml; Get-Content p.xml -Raw",
			"<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n" +
				"  <Obj RefId=\"0\">\n    <TN RefId=\"0\">\n      <T>System.Management.Automation.PSCustomObject</T>\n      <T>System.Object</T>\n    </TN>\n" +
				"    <MS>\n      <S N=\"Name\">Ann</S>\n      <I32 N=\"N\">3</I32>\n    </MS>\n  </Obj>\n" +
				"  <Obj RefId=\"1\">\n    <TNRef RefId=\"0\" />\n    <MS>\n      <S N=\"Name\">Bob</S>\n      <I32 N=\"N\">4</I32>\n    </MS>\n  </Obj>\n</Objs>\n", ""},
		{"Import-Clixml p.xml", "\nName N\n---- -\nAnn  3\nBob  4\n\n", ""},
		{"$h = [ordered]@{b=2; a='x'}; Export-Clixml -InputObject $h -Path h.xml; $r = Import-Clixml h.xml; $r.GetType().Name; $r.Keys -join ','; $r.b",
			"OrderedDictionary\nb,a\n2\n", ""},
		{"Export-Clixml -Path a.xml -InputObject @(1, 'two', @(3)); $r = Import-Clixml a.xml; $r.Count; $r[2][0]", "3\n3\n", ""},
		{"$d = Get-Date -Year 2024 -Month 5 -Day 31 -Hour 9 -Minute 0 -Second 0 -Millisecond 0; $d | Export-Clixml d.xml; (Import-Clixml d.xml) -eq $d; [timespan]'1.02:03:04.5' | Export-Clixml t.xml; (Import-Clixml t.xml).ToString()",
			"True\n1.02:03:04.5000000\n", ""},
		{"[guid]'11111111-2222-3333-4444-555555555555' | Export-Clixml g.xml; (Import-Clixml g.xml).GetType().Name; \"a`nb_x\" | Export-Clixml s.xml; (Get-Content s.xml)[1]; (Import-Clixml s.xml) -eq \"a`nb_x\"",
			"Guid\n  <S>a_x000A_b_x005F_x</S>\nTrue\n", ""},
		{"$c = [pscredential]::new('lina.lopez@contoso.com', (ConvertTo-SecureString 'pw' -AsPlainText)); $c | Export-Clixml c.xml; $r = Import-Clixml c.xml; $r.GetType().Name; $r.UserName; $r.GetNetworkCredential().Password",
			"PSCredential\nlina.lopez@contoso.com\npw\n", ""},
		{"[pscustomobject]@{A=[pscustomobject]@{B=[pscustomobject]@{C=[pscustomobject]@{D=1}}}} | Export-Clixml n.xml; (Import-Clixml n.xml).A.B.C", "@{D=1}\n", ""},
	}...)
	if err := os.WriteFile(filepath.Join(dir, "bad.xml"), []byte("<Objs><Q>1</Q></Objs>"), 0o644); err != nil {
		t.Fatal(err)
	}
	windows := `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0">` +
		`<T>System.Management.Automation.PSCredential</T><T>System.Object</T></TN><ToString>System.Management.Automation.PSCredential</ToString>` +
		`<Props><S N="UserName">admin</S><SS N="Password">01000000d08c9ddf0115d1118c7a00c04fc297eb0100000012ab</SS></Props></Obj></Objs>`
	if err := os.WriteFile(filepath.Join(dir, "wincred.xml"), []byte(windows), 0o644); err != nil {
		t.Fatal(err)
	}
	oneLine(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Import-Clixml nope.xml", "", "Import-Clixml: Cannot find path '" + filepath.Join(dir, "nope.xml") + "' because it does not exist.\n"},
		{"Import-Clixml bad.xml", "", "Import-Clixml: The file '" + filepath.Join(dir, "bad.xml") + "' is not a CLIXML file: <Q> is not a CLIXML element\n"},
		{"Import-Clixml wincred.xml", "", "Import-Clixml: Cannot read the password in '" + filepath.Join(dir, "wincred.xml") + "'. The secure string was encrypted on Windows with DPAPI, for one Windows user on one computer; it cannot be decrypted here. Export it again with ConvertFrom-SecureString -Key (or Export-Clixml in licsh) and read it with the same key.\n"},
		{"1 | Export-Clixml v.xml -NoClobber", "", "Export-Clixml: The file '" + filepath.Join(dir, "v.xml") + "' already exists.\n"},
	}...)
}

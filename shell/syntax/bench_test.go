package syntax

import (
	"fmt"
	"strings"
	"testing"
)

// adminScript builds a realistic license-administration script of about
// n lines from a varied template.
func adminScript(n int) string {
	var b strings.Builder
	b.WriteString("[CmdletBinding(SupportsShouldProcess)]\nparam(\n    [Parameter(Mandatory)] [string]$Path,\n    [string[]]$Skus = @('SPE_E5', 'EMSPREMIUM')\n)\n")
	for i := 0; strings.Count(b.String(), "\n") < n; i++ {
		fmt.Fprintf(&b, `
function Update-Batch%d {
    param([Parameter(ValueFromPipeline = $true)] $User, [int]$Limit = %d)
    process {
        $upn = $User.UserPrincipalName.Trim().ToLower()
        if ($upn -notlike '*@contoso.com' -or $Limit -le 0) { return }
        $params = @{ Identity = $upn; RemoveLicenses = $Skus; ErrorAction = 'Stop' }
        try {
            Set-UserLicense @params -WhatIf:$WhatIfPreference | Out-Null
            Write-Verbose "Removed $($Skus -join ', ') from $upn"
        } catch [System.Exception] {
            Write-Warning ("Failed {0}: {1}" -f $upn, $_.Exception.Message)
        } finally {
            $script:processed++
        }
    }
}
$rows = Import-Csv -Path (Join-Path $PSScriptRoot "batch%d.csv") | Where-Object { $_.Department -eq 'Sales' }
foreach ($row in $rows) {
    switch -Wildcard ($row.UsageLocation) {
        'US' { $row | Update-Batch%d -Limit 10 }
        'D*' { Write-Output "$($row.UserPrincipalName): EU" }
        default { continue }
    }
}
for ($i = 0; $i -lt $rows.Count; $i++) { $total += [int]$rows[$i].Seats * 2 }
Get-License | Select-Object SkuPartNumber, Available | Sort-Object Available -Descending > "report%d.txt"
`, i, i%7, i, i, i)
	}
	return b.String()
}

func BenchmarkParse1000Lines(b *testing.B) {
	src := adminScript(1000)
	if _, err := Parse("bench.ps1", src); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.ps1", src); err != nil {
			b.Fatal(err)
		}
	}
}

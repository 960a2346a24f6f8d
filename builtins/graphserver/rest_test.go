package graphserver_test

import (
	"testing"

	"licsh/builtins/licshtest"
)

// tokenScript gets a token as scripts that call Graph themselves do: a
// client secret of the script's own app, for its real tenant.
const tokenScript = `$body = @{ grant_type = 'client_credentials'; scope = 'https://graph.microsoft.com/.default'; client_id = '6731de76-14a6-49ae-97bc-6eba6914391e'; client_secret = 'Xy8Q~not-a-real-secret' }
$token = (Invoke-RestMethod -Method Post -Uri 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token' -Body $body).access_token
$headers = @{ Authorization = "Bearer $token"; 'Content-Type' = 'application/json' }
`

// TestInvokeRestMethodGraph sends Invoke-RestMethod and Invoke-WebRequest
// to Graph's addresses: the in-process Graph answers as the session's
// account, with the web cmdlets' own output and errors.
func TestInvokeRestMethodGraph(t *testing.T) {
	t.Parallel()
	s := licshtest.Demo(t)
	s.Check(licshtest.Exact,
		licshtest.Case{tokenScript + `$r = Invoke-RestMethod -Uri 'https://graph.microsoft.com/v1.0/users/adele.garcia@contoso.com?$select=displayName,usageLocation' -Headers $headers
$r.GetType().Name; $r.displayName; $r.usageLocation`, "PSCustomObject\nAdele Garcia\nUS\n", ""},
		licshtest.Case{tokenScript + `$uri = 'https://graph.microsoft.com/v1.0/users?$select=userPrincipalName&$top=100'
$all = do { $page = Invoke-RestMethod -Uri $uri -Headers $headers; $page.value; $uri = $page.'@odata.nextLink' } while ($uri)
$all.Count -eq (Get-User -All).Count`, "True\n", ""},
		licshtest.Case{tokenScript + `$skus = (Invoke-RestMethod 'https://graph.microsoft.com/v1.0/subscribedSkus' -Headers $headers).value
$e3 = ($skus | Where-Object skuPartNumber -eq 'SPE_E3').skuId
$body = @{ addLicenses = @(); removeLicenses = @($e3) } | ConvertTo-Json
(Invoke-RestMethod -Method Post -Uri 'https://graph.microsoft.com/v1.0/users/pradeep.wilber@contoso.com/assignLicense' -Headers $headers -Body $body).userPrincipalName
@(Get-UserLicense pradeep.wilber@contoso.com).Count
(Get-AuditLog -Last 1).Actor`, "pradeep.wilber@contoso.com\n0\nadmin@contoso.com\n", ""},
		licshtest.Case{tokenScript + `try { Invoke-RestMethod 'https://graph.microsoft.com/v1.0/users/nobody@contoso.com' -Headers $headers; 'not reached' }
catch { [int]$_.Exception.Response.StatusCode; $_.Exception.Message; ($_.ErrorDetails.Message | ConvertFrom-Json).error.code; $_.FullyQualifiedErrorId }`,
			"404\nResponse status code does not indicate success: 404 (Not Found).\nRequest_ResourceNotFound\nWebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeRestMethodCommand\n", ""},
		licshtest.Case{`$r = Invoke-WebRequest 'https://graph.microsoft.com/v1.0/organization' -Headers @{ Authorization = 'Bearer ' + (Invoke-RestMethod -Method Post 'https://login.microsoftonline.com/common/oauth2/token' -Body @{ grant_type = 'password'; client_id = 'x'; username = 'admin@contoso.com'; password = 'p'; resource = 'https://graph.microsoft.com' }).access_token }
$r.StatusCode; ($r.Content | ConvertFrom-Json).value[0].displayName`, "200\nContoso\n", ""},
		licshtest.Case{`Connect-Tenant lina.lopez@contoso.com
$t = ConvertTo-SecureString (Invoke-RestMethod -Method Post 'https://login.microsoftonline.com/x/oauth2/v2.0/token' -Body @{ grant_type = 'client_credentials'; client_id = 'a'; client_secret = 'b'; scope = 'https://graph.microsoft.com/.default' }).access_token -AsPlainText
(Invoke-RestMethod 'https://graph.microsoft.com/beta/me' -Authentication Bearer -Token $t).userPrincipalName`, "lina.lopez@contoso.com\n", ""},
	)
	s.Check(licshtest.Contains,
		licshtest.Case{`Invoke-RestMethod 'https://graph.microsoft.com/v1.0/users'; 'the script goes on'`, "the script goes on\n",
			"Invoke-RestMethod: {\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\",\"innerError\":{"},
		licshtest.Case{`Invoke-RestMethod -Method Post 'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token' -Body @{ grant_type = 'client_credentials'; client_id = 'a'; client_secret = 'b'; scope = 'https://outlook.office365.com/.default' }`, "",
			"Invoke-RestMethod: {\"error\":\"invalid_resource\",\"error_description\":\"AADSTS500011: The resource principal named https://outlook.office365.com was not found in the tenant named Contoso."},
	)
}

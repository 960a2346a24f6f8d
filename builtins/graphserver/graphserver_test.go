package graphserver_test

import (
	"net"
	"strconv"
	"testing"

	"licsh/builtins/licshtest"
)

// TestCmdlets checks the cmdlets' output and their refusals, with the
// texts users see.
func TestCmdlets(t *testing.T) {
	t.Parallel()
	s := licshtest.Demo(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := strconv.Itoa(busy.Addr().(*net.TCPAddr).Port)
	s.Check(licshtest.Contains,
		licshtest.Case{"$a = New-AppRegistration -DisplayName Reports -Permission User.Read.All\n$a.Permissions; $a.ClientSecret.Length; $a.Credentials[0] -like 'Secret ???... (until *)'\n" +
			"(Get-AppRegistration Reports).ClientSecret -eq $null; (Get-AppRegistration).Count", "User.Read.All\n40\nTrue\nTrue\n1\n", ""},
		licshtest.Case{"New-AppRegistration -DisplayName Mail -Permission Mail.Send", "",
			"New-AppRegistration: Cannot validate argument on parameter 'Permission'. The argument \"Mail.Send\" does not belong to the set"},
		licshtest.Case{"Get-AppRegistration -Identity Nothing", "",
			"Get-AppRegistration: Resource 'Nothing' does not exist or one of its queried reference-property objects are not present."},
		licshtest.Case{"Connect-Tenant megan.jansen@contoso.com; New-AppRegistration -DisplayName Rogue", "",
			"New-AppRegistration: Insufficient privileges to complete the operation."},
		licshtest.Case{"$a = New-AppRegistration -DisplayName Job\n$c = New-AppCredential -AppId $a.AppId\n$c.Type; $c.ClientSecret -ne $a.ClientSecret; (Get-AppRegistration $a.AppId).Credentials.Count", "Password\nTrue\n2\n", ""},
		licshtest.Case{"$a = New-AppRegistration -DisplayName Job2; New-AppCredential -AppId $a.AppId -CertificatePath missing.pem", "",
			"New-AppCredential: Cannot read the certificate file 'missing.pem': open"},
		licshtest.Case{"$a = New-AppRegistration -DisplayName Old\nRemove-AppRegistration $a.AppId -Confirm:$false\n(Get-AppRegistration | Where-Object DisplayName -eq Old).Count", "0\n", ""},
		licshtest.Case{"Approve-DeviceCode -UserCode ABCDEFGHJ -Account adele.garcia@contoso.com", "",
			"Approve-DeviceCode: The code 'ABCDEFGHJ' you entered has expired or is not valid. Get a new code from the application and try again."},
		licshtest.Case{"Stop-GraphServer -Id 4", "", "Stop-GraphServer: No Graph server with Id 4 is running in this session."},
		licshtest.Case{"Start-GraphServer -Http -Address 0.0.0.0 -Port 0 -AsJob", "",
			"Start-GraphServer: Plain HTTP is served on the loopback address only, not on '0.0.0.0': leave out -Address, or serve HTTPS."},
		licshtest.Case{"Start-GraphServer -Port " + port + " -AsJob", "",
			"Start-GraphServer: The port " + port + " is in use: give another with -Port, or -Port 0 for any free port."},
		licshtest.Case{"Start-GraphServer -Port 0 -Latency -00:00:01 -AsJob", "",
			"Start-GraphServer: Cannot validate argument on parameter 'Latency'. The latency cannot be negative."},
		licshtest.Case{"$a = Start-GraphServer -Port 0 -AsJob; $b = Start-GraphServer -Port 0 -Http -AsJob; $a.Id; $b.Id; $a.Url -like 'https://127.0.0.1:*'; $b.CertificatePath -eq ''; " +
			"$a.TokenEndpoint -eq \"$($a.Url)/$($a.TenantId)/oauth2/v2.0/token\"; Stop-GraphServer -Id 1; Stop-GraphServer; Stop-GraphServer -Id 2", "1\n2\nTrue\nTrue\nTrue\n",
			"Stop-GraphServer: No Graph server with Id 2 is running in this session."},
	)
}

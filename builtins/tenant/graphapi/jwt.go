package graphapi

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// JSON Web Tokens with RS256 (and PS256 for client assertions, which newer
// MSAL versions sign with), as the identity platform issues and accepts
// them: the few lines the standard library needs for it.

var b64 = base64.RawURLEncoding

// jwtHeader is the header of a JWT.
type jwtHeader struct {
	Alg     string `json:"alg"`
	Typ     string `json:"typ,omitempty"`
	Kid     string `json:"kid,omitempty"`
	X5t     string `json:"x5t,omitempty"`
	X5tS256 string `json:"x5t#S256,omitempty"`
}

// signJWT signs claims with key (RS256) under a header naming the key.
func signJWT(key *rsa.PrivateKey, h jwtHeader, claims any) (string, error) {
	h.Alg, h.Typ = "RS256", "JWT"
	hj, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	cj, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signed := b64.EncodeToString(hj) + "." + b64.EncodeToString(cj)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return signed + "." + b64.EncodeToString(sig), nil
}

// unsignedJWT is claims as an unsecured JWT (alg none): a token only
// the one who made it reads.
func unsignedJWT(claims any) (string, error) {
	hj, err := json.Marshal(jwtHeader{Alg: "none", Typ: "JWT"})
	if err != nil {
		return "", err
	}
	cj, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	return b64.EncodeToString(hj) + "." + b64.EncodeToString(cj) + ".", nil
}

// jwt is a token taken apart, not yet verified.
type jwt struct {
	header  jwtHeader
	payload []byte
	signed  string // header.payload, what the signature covers
	sig     []byte
}

// errMalformed is a token that is not a compact JWT.
var errMalformed = errors.New("malformed token")

// maxTokenLength bounds the tokens the server reads: Entra's are a few
// kilobytes.
const maxTokenLength = 16 << 10

// parseJWT takes a compact JWT apart.
func parseJWT(tok string) (jwt, error) {
	if len(tok) > maxTokenLength {
		return jwt{}, errMalformed
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return jwt{}, errMalformed
	}
	hj, err := b64.DecodeString(parts[0])
	if err != nil {
		return jwt{}, errMalformed
	}
	var t jwt
	if err := json.Unmarshal(hj, &t.header); err != nil {
		return jwt{}, errMalformed
	}
	if t.payload, err = b64.DecodeString(parts[1]); err != nil {
		return jwt{}, errMalformed
	}
	if t.sig, err = b64.DecodeString(parts[2]); err != nil {
		return jwt{}, errMalformed
	}
	t.signed = parts[0] + "." + parts[1]
	return t, nil
}

// verify checks the signature with pub, for RS256 and PS256.
func (t jwt) verify(pub *rsa.PublicKey) error {
	sum := sha256.Sum256([]byte(t.signed))
	switch t.header.Alg {
	case "RS256":
		return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], t.sig)
	case "PS256":
		return rsa.VerifyPSS(pub, crypto.SHA256, sum[:], t.sig, nil)
	}
	return errors.New("unsupported algorithm " + t.header.Alg)
}

// audience is a JWT's aud claim, which may be one text or a list.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
}

func (a audience) has(s string) bool {
	for _, x := range a {
		if strings.EqualFold(strings.TrimSuffix(x, "/"), strings.TrimSuffix(s, "/")) {
			return true
		}
	}
	return false
}

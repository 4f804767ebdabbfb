// Package webexid decodes and compares Webex object IDs.
//
// A Webex ID is base64 (URL or standard alphabet, padding often stripped) of
// "ciscospark://<cluster>/<TYPE>/<uuid>", where the cluster is either a short
// name ("us") or a regional URN ("urn:TEAM:eu-central-1_k"). Webex may return
// the same object in either form and with or without padding, so two IDs are
// equal when their type and UUID are equal, never by raw string comparison.
//
// The package is a leaf: the client, the provider's validators and the sandbox
// all use it, so the rules live in one place.
package webexid

import (
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Object types used by this provider.
const (
	TypeOrganization = "ORGANIZATION"
	TypePeople       = "PEOPLE"
	TypeRole         = "ROLE"
)

// MaxLength bounds the encoded form; real IDs are about 80–120 characters.
const MaxLength = 512

const scheme = "ciscospark://"

var (
	uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// '+' and '/' never occur: every decoded character is ASCII from
	// [A-Za-z0-9:/._-], whose base64 never reaches the 62nd/63rd symbol. Refusing
	// them keeps '/' free as the separator of composite import IDs.
	encodedPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+={0,2}$`)
	clusterPattern = regexp.MustCompile(`^[A-Za-z0-9:_.-]+$`)
	typePattern    = regexp.MustCompile(`^[A-Z_]+$`)
)

// ID is a decoded Webex ID.
type ID struct {
	Cluster string // "us", or "urn:TEAM:eu-central-1_k"
	Type    string // "PEOPLE", "ORGANIZATION", ...
	UUID    string // lower-case
}

// Key identifies the object regardless of cluster form and padding.
func (id ID) Key() string { return id.Type + "/" + id.UUID }

// String returns the canonical encoded form: standard alphabet, no padding.
func (id ID) String() string { return Encode(id.Cluster, id.Type, id.UUID) }

// Encode builds an encoded ID in Webex's usual form (padding stripped).
func Encode(cluster, typ, uuid string) string {
	raw := scheme + cluster + "/" + typ + "/" + strings.ToLower(uuid)
	return base64.RawStdEncoding.EncodeToString([]byte(raw))
}

// ErrInvalid is wrapped by every Parse error.
var ErrInvalid = errors.New("invalid Webex ID")

// Parse decodes s and checks its structure. It never panics.
func Parse(s string) (ID, error) {
	if s == "" {
		return ID{}, fmt.Errorf("%w: empty", ErrInvalid)
	}
	if len(s) > MaxLength {
		return ID{}, fmt.Errorf("%w: longer than %d characters", ErrInvalid, MaxLength)
	}
	if !encodedPattern.MatchString(s) {
		return ID{}, fmt.Errorf("%w: only base64 characters (A-Z a-z 0-9 - _ and trailing =) are allowed", ErrInvalid)
	}
	decoded, err := decode(s)
	if err != nil {
		return ID{}, fmt.Errorf("%w: not valid base64", ErrInvalid)
	}
	rest, ok := strings.CutPrefix(decoded, scheme)
	if !ok {
		return ID{}, fmt.Errorf("%w: does not decode to a ciscospark:// URI", ErrInvalid)
	}
	// The cluster may itself contain no '/', so the last two segments are TYPE and UUID.
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return ID{}, fmt.Errorf("%w: expected ciscospark://<cluster>/<TYPE>/<uuid>", ErrInvalid)
	}
	cluster, typ, uuid := parts[0], parts[1], parts[2]
	if !clusterPattern.MatchString(cluster) || !typePattern.MatchString(typ) || !uuidPattern.MatchString(uuid) {
		return ID{}, fmt.Errorf("%w: expected ciscospark://<cluster>/<TYPE>/<uuid>", ErrInvalid)
	}
	return ID{Cluster: cluster, Type: typ, UUID: strings.ToLower(uuid)}, nil
}

// ParseType is Parse plus a check of the object type.
func ParseType(s, typ string) (ID, error) {
	id, err := Parse(s)
	if err != nil {
		return ID{}, err
	}
	if id.Type != typ {
		return ID{}, fmt.Errorf("%w: this is a %s ID, expected a %s ID", ErrInvalid, id.Type, typ)
	}
	return id, nil
}

// Equal reports whether a and b name the same object. Unparseable IDs are
// equal only when identical.
func Equal(a, b string) bool {
	if a == b {
		return true
	}
	ia, errA := Parse(a)
	ib, errB := Parse(b)
	return errA == nil && errB == nil && ia.Key() == ib.Key()
}

func decode(s string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	return string(b), err
}

// Package cloudcockpit is the typed CloudCockpit API used by the provider:
// access assignments of Microsoft GDAP delegated-admin relationships.
//
// CloudCockpit has no endpoint to remove an access assignment; the only
// destructive GDAP call terminates the whole relationship, and this package
// deliberately does not offer it.
package cloudcockpit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// Defaults from the CloudCockpit developer documentation.
const (
	DefaultBaseURL  = "https://app-cloudcockpitapi-prod-01.azurewebsites.net"
	DefaultTokenURL = "https://login.microsoftonline.com/4e806121-ff28-4286-ab4e-3be0a08f9ce0/oauth2/v2.0/token"
	DefaultScope    = "api://b92a36a4-feb8-4f47-a69c-29a180aa6d0a/.default"
)

// Vendor is the display name used in errors.
const Vendor = "CloudCockpit"

// Assignment statuses (compare with StatusIs: the capitalisation is unknown).
const (
	StatusPending  = "pending"
	StatusActive   = "active"
	StatusDeleting = "deleting"
	StatusDeleted  = "deleted"
	StatusError    = "error"
)

// StatusIs compares statuses case-insensitively.
func StatusIs(status, want string) bool { return strings.EqualFold(strings.TrimSpace(status), want) }

// Client is the CloudCockpit API.
type Client struct {
	http *client.Client
}

// Config is what the provider passes in: AccessToken, or ClientID and
// ClientSecret for Entra ID client credentials.
type Config struct {
	BaseURL      string
	Tenant       string // portal domain, sent as X-Tenant
	AccessToken  string
	ClientID     string
	ClientSecret string
	TokenURL     string
	Scope        string
	UserAgent    string
	MaxRetries   int
	// Tune lets tests adjust the core options.
	Tune func(*client.Options)
}

// New builds a CloudCockpit client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.TokenURL == "" {
		cfg.TokenURL = DefaultTokenURL
	}
	if cfg.Scope == "" {
		cfg.Scope = DefaultScope
	}
	if err := ValidateBaseURL(cfg.BaseURL); err != nil {
		return nil, fmt.Errorf("cloudcockpit: %w", err)
	}
	if strings.TrimSpace(cfg.Tenant) == "" {
		return nil, fmt.Errorf("cloudcockpit: the tenant (portal domain) is required")
	}
	var ts oauth2.TokenSource
	switch {
	case cfg.AccessToken != "":
		ts = client.StaticToken(cfg.AccessToken)
	case cfg.ClientID != "" && cfg.ClientSecret != "":
		cc := &clientcredentials.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			TokenURL:     cfg.TokenURL,
			Scopes:       []string{cfg.Scope},
			AuthStyle:    oauth2.AuthStyleInParams, // Entra: form body
		}
		src, err := client.ClientCredentialsSource(cc, "the CloudCockpit API Access (cloudcockpit.client_id and cloudcockpit.client_secret, "+
			"or CLOUDCOCKPIT_CLIENT_ID and CLOUDCOCKPIT_CLIENT_SECRET) and cloudcockpit.token_url (CLOUDCOCKPIT_TOKEN_URL)")
		if err != nil {
			return nil, fmt.Errorf("cloudcockpit: %w", err)
		}
		ts = src.OnRefused(RefusedAPIAccess)
	default:
		return nil, fmt.Errorf("cloudcockpit: set an access token, or a client id and client secret")
	}
	opts := client.Options{
		Vendor:          Vendor,
		BaseURL:         cfg.BaseURL,
		Token:           ts,
		UserAgent:       cfg.UserAgent,
		RequestIDHeader: "X-Correlation-Id",
		Header:          http.Header{"X-Tenant": {cfg.Tenant}},
		DecodeError:     decodeError,
		// "List all Provider Instances" is documented at the same root and
		// needs no relationship: its 2xx proves the base URL.
		RootCheck: &client.Request{Operation: "verify the API root (list provider instances)", Method: http.MethodGet,
			Path: []string{"v1", "Providers", "Instances"}, Query: url.Values{"pageNumber": {"1"}, "pageSize": {"1"}}},
		VendorErrorBody: isErrorBody,
		BaseURLSetting:  BaseURLSetting,
		Secrets:         []string{cfg.AccessToken, cfg.ClientSecret},
		MaxRetries:      cfg.MaxRetries,
		UnauthorizedHint: "Check the CloudCockpit credentials (provider attributes cloudcockpit.access_token, or cloudcockpit.client_id and " +
			"cloudcockpit.client_secret; or CLOUDCOCKPIT_ACCESS_TOKEN, CLOUDCOCKPIT_CLIENT_ID, CLOUDCOCKPIT_CLIENT_SECRET) and " +
			"cloudcockpit.tenant (CLOUDCOCKPIT_TENANT), the portal domain: the token is missing, invalid or expired, or belongs to another portal.",
		ForbiddenHint: "The API Access is not allowed to do this: access assignments need the csp or reseller role in the CloudCockpit portal.",
	}
	c, err := client.New(opts, cfg.Tune)
	if err != nil {
		return nil, fmt.Errorf("cloudcockpit: %w", err)
	}
	return &Client{http: c}, nil
}

// RefusedAPIAccess is what to check when Microsoft Entra refuses the API
// Access client: most often a wrong or expired secret (Entra secrets expire).
const RefusedAPIAccess = "Microsoft Entra refused the CloudCockpit API Access: check cloudcockpit.client_secret " +
	"(CLOUDCOCKPIT_CLIENT_SECRET), which may be incorrect or expired, and cloudcockpit.client_id (CLOUDCOCKPIT_CLIENT_ID), " +
	"which must belong to the tenant of cloudcockpit.token_url (CLOUDCOCKPIT_TOKEN_URL)"

// BaseURLSetting names where the base URL is configured, for errors.
const BaseURLSetting = "cloudcockpit.base_url or CLOUDCOCKPIT_BASE_URL (the API root is " + DefaultBaseURL + ", without /v1)"

// ValidateBaseURL checks a base URL: ParseBaseURL's rules, and no trailing
// /v1, which every path here already starts with.
func ValidateBaseURL(raw string) error { return client.ParseBaseURLWithoutV1(raw, Vendor) }

// isErrorBody reports CloudCockpit's error shape: a JSON object whose
// statusCode is the HTTP status, with a description or a type.
func isErrorBody(status int, body []byte) bool {
	var b errorBody
	return json.Unmarshal(body, &b) == nil && b.StatusCode == status && (b.Description != "" || b.Type != "")
}

// errorBody is CloudCockpit's error shape.
type errorBody struct {
	StatusCode    int    `json:"statusCode"`
	Type          string `json:"type"`
	Description   string `json:"description"`
	CorrelationID string `json:"correlationId"`
	Errors        []struct {
		PropertyName string   `json:"propertyName"`
		Description  []string `json:"description"`
	} `json:"errors"`
}

// decodeError reads CloudCockpit's error body: description, type,
// correlationId and errors[].propertyName/description. Each field is read on
// its own (statusCode may come as a string, a description as a string
// rather than a list), so one of an unexpected type loses only itself.
func decodeError(e *client.APIError, body []byte) {
	b, ok := client.ParseErrorBody(body)
	if !ok {
		return // the core falls back to the raw text
	}
	e.Message = b.Text("description")
	e.Code = b.Text("type")
	for _, pe := range b.Objects("errors") {
		name, desc := pe.Text("propertyName"), strings.Join(pe.Texts("description"), " ")
		switch {
		case name != "" && desc != "":
			e.Details = append(e.Details, name+": "+desc)
		case desc != "":
			e.Details = append(e.Details, desc)
		case name != "":
			e.Details = append(e.Details, name)
		}
	}
	e.Details = append(e.Details, b.Texts("errors")...) // as plain strings
	if id := b.Text("correlationId"); id != "" {
		e.RequestID = id
	}
}

// AccessAssignment is a GDAP access assignment as CloudCockpit lists it.
type AccessAssignment struct {
	ID     string `json:"id"`
	Status struct {
		Name string `json:"name"`
	} `json:"status"`
	AccessContainer struct {
		AccessContainerID   string `json:"accessContainerId"`
		AccessContainerType struct {
			Name string `json:"name"`
		} `json:"accessContainerType"`
	} `json:"accessContainer"`
	AccessDetails struct {
		UnifiedRoles []struct {
			RoleDefinitionID string `json:"roleDefinitionId"`
		} `json:"unifiedRoles"`
	} `json:"accessDetails"`
	CreatedDateTime      string `json:"createdDateTime"`
	LastModifiedDateTime string `json:"lastModifiedDateTime"`
}

// RoleDefinitionIDs returns the assignment's role definition ids.
func (a *AccessAssignment) RoleDefinitionIDs() []string {
	ids := make([]string, 0, len(a.AccessDetails.UnifiedRoles))
	for _, r := range a.AccessDetails.UnifiedRoles {
		ids = append(ids, r.RoleDefinitionID)
	}
	return ids
}

// IsRelationshipRefused reports CloudCockpit's 400 to an access-assignment
// call: the relationship is unknown, not active, or already has an
// assignment for the portal's security group (the answer's text says which).
func IsRelationshipRefused(err error) bool {
	return client.StatusOf(err) == http.StatusBadRequest
}

// maxRelationshipIDLength bounds a relationship ID; Microsoft's are 36 or 73
// characters.
const maxRelationshipIDLength = 256

// CheckRelationshipID reports why id cannot be a GDAP relationship ID in a
// URL path. CloudCockpit documents the ID only as a string, so any value is
// accepted that stays one harmless path segment: no separators ("/", and
// "\", which some servers also split on), no dot segments, no percent sign
// (a gateway that decodes twice would turn "%2F" into a separator), no query
// or fragment marks, no control characters or surrounding spaces.
func CheckRelationshipID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("is empty")
	case id == "." || id == "..":
		return fmt.Errorf("is a dot segment")
	case strings.TrimSpace(id) != id:
		return fmt.Errorf("has leading or trailing spaces")
	case len(id) > maxRelationshipIDLength:
		return fmt.Errorf("is longer than %d characters", maxRelationshipIDLength)
	}
	for _, r := range id {
		switch {
		case strings.ContainsRune(`/\?#%`, r):
			return fmt.Errorf("contains %q, which is not allowed in a path segment", r)
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			return fmt.Errorf("contains a control or invalid character")
		}
	}
	return nil
}

func assignmentsRequest(providerInstanceID, relationshipID string) client.Request {
	return client.Request{
		Path:  []string{"v1", "Customers", "delegated-admin-relationships", relationshipID, "access-assignments"},
		Query: url.Values{"providerInstanceId": {providerInstanceID}},
		// No CacheParent: one resource reads one relationship, and the
		// pending→active poll must see every change, not a cached page.
	}
}

// CreateAccessAssignment links the relationship with the security group
// configured in the portal. It has no body; the assignment starts pending.
func (c *Client) CreateAccessAssignment(ctx context.Context, providerInstanceID, relationshipID string) error {
	if err := CheckRelationshipID(relationshipID); err != nil {
		return fmt.Errorf("cloudcockpit: relationship ID %q %w", relationshipID, err)
	}
	req := assignmentsRequest(providerInstanceID, relationshipID)
	req.Operation, req.Method = "create access assignment", http.MethodPost
	_, err := c.http.Do(ctx, req, nil)
	return err
}

// ListAccessAssignments lists the relationship's assignments of the portal's
// configured security group (the API does not page this list).
func (c *Client) ListAccessAssignments(ctx context.Context, providerInstanceID, relationshipID string) ([]AccessAssignment, error) {
	if err := CheckRelationshipID(relationshipID); err != nil {
		return nil, fmt.Errorf("cloudcockpit: relationship ID %q %w", relationshipID, err)
	}
	req := assignmentsRequest(providerInstanceID, relationshipID)
	req.Operation, req.Method = "list access assignments", http.MethodGet
	var out []AccessAssignment
	_, err := c.http.Do(ctx, req, &out)
	return out, err
}

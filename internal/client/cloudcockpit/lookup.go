package cloudcockpit

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"regexp"
	"strconv"

	"github.com/partneradmin/terraform-provider-partneradmin/internal/client"
)

// The lookups a configuration needs to name an access assignment's
// provider_instance_id and relationship_id.

// ProviderInstancesPageSize is the pageSize sent to "List all Provider
// Instances": the largest the docs allow (1 to 2000), so a portal's
// instances nearly always come in one request.
const ProviderInstancesPageSize = 2000

// ProviderInstance is an item of "List all Provider Instances". providerData
// and provider are not read: the page shows no fields for provider, and
// providerData is the instance's own configuration, not a lookup key.
type ProviderInstance struct {
	ID                 string `json:"id"`
	Alias              string `json:"alias"`
	InstanceProviderID string `json:"instanceProviderId"`
	ImageURL           string `json:"imageUrl"`
	OfferTypes         []struct {
		Name string `json:"name"`
	} `json:"offerTypes"`
	SupportedCountries []string `json:"supportedCountries"`
}

// OfferTypeNames returns the names of the instance's offer types.
func (p *ProviderInstance) OfferTypeNames() []string {
	names := make([]string, 0, len(p.OfferTypes))
	for _, o := range p.OfferTypes {
		names = append(names, o.Name)
	}
	return names
}

// providerInstancesPage is the documented envelope ("Helper class to be used
// on paged collection entities"). Its two has-previous/has-next flags are
// not read: the stored page cuts their names, and totalPages says the same.
type providerInstancesPage struct {
	Items      []ProviderInstance `json:"items"`
	TotalPages int                `json:"totalPages"`
}

// ListProviderInstances lists every provider instance of the portal.
func (c *Client) ListProviderInstances(ctx context.Context) ([]ProviderInstance, error) {
	return client.Collect(c.ProviderInstances(ctx))
}

// ProviderInstances yields every provider instance, requesting page after
// page (pageNumber 1, 2, …) until totalPages, and only while the consumer
// asks for more. A page may hold fewer items than pageSize asked for, so
// the count of items never ends the listing; an empty page does, so a
// totalPages that overstates cannot loop.
func (c *Client) ProviderInstances(ctx context.Context) iter.Seq2[ProviderInstance, error] {
	return func(yield func(ProviderInstance, error) bool) {
		for number := 1; number <= client.MaxPages; number++ {
			var page providerInstancesPage
			if _, err := c.http.Do(ctx, client.Request{
				Operation: "list provider instances",
				Method:    http.MethodGet,
				Path:      []string{"v1", "Providers", "Instances"},
				Query:     url.Values{"pageNumber": {strconv.Itoa(number)}, "pageSize": {strconv.Itoa(ProviderInstancesPageSize)}},
				// Several data sources of one run share the pages.
				CacheParent:   "provider-instances",
				ForbiddenHint: "The API Access is not allowed to list the portal's provider instances: check its role in the CloudCockpit portal.",
			}, &page); err != nil {
				yield(ProviderInstance{}, err)
				return
			}
			for _, p := range page.Items {
				if !yield(p, nil) {
					return
				}
			}
			if number >= page.TotalPages || len(page.Items) == 0 {
				return
			}
		}
		yield(ProviderInstance{}, fmt.Errorf("cloudcockpit: list provider instances: more than %d pages", client.MaxPages))
	}
}

// Relationship statuses, from Microsoft Graph's
// delegatedAdminRelationshipStatus (CloudCockpit lists none; compare with
// StatusIs, as its capitalisation is not documented either).
const (
	RelationshipStatusActive   = "active"
	RelationshipStatusApproved = "approved"
)

// DelegatedAdminRelationship is an item of "List all GDAP relationships for
// a customer". Its page lists the ID as relationshipId while the reseller
// page's example shows id: both are read (ID picks).
type DelegatedAdminRelationship struct {
	RelationshipID     string `json:"relationshipId"`
	AltID              string `json:"id"`
	DisplayName        string `json:"displayName"`
	Duration           string `json:"duration"`
	AutoExtendDuration string `json:"autoExtendDuration"`
	Customer           struct {
		TenantID string `json:"tenantId"`
	} `json:"customer"`
	Status struct {
		Name string `json:"name"`
	} `json:"status"`
	AccessDetails struct {
		UnifiedRoles []struct {
			RoleDefinitionID string `json:"roleDefinitionId"`
		} `json:"unifiedRoles"`
	} `json:"accessDetails"`
}

// ID is the relationship's ID, from relationshipId or else id.
func (r *DelegatedAdminRelationship) ID() string {
	if r.RelationshipID != "" {
		return r.RelationshipID
	}
	return r.AltID
}

// RoleDefinitionIDs returns the relationship's role definition ids.
func (r *DelegatedAdminRelationship) RoleDefinitionIDs() []string {
	ids := make([]string, 0, len(r.AccessDetails.UnifiedRoles))
	for _, u := range r.AccessDetails.UnifiedRoles {
		ids = append(ids, u.RoleDefinitionID)
	}
	return ids
}

// uuidRE is the customerId's documented string(uuid); anything else would
// also change the path.
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsCustomerRefused reports a 400 or 404 to a customer's relationship list:
// CloudCockpit does not know the customer in that provider instance, or the
// customer is not a Microsoft one (the answer's text says which).
func IsCustomerRefused(err error) bool {
	s := client.StatusOf(err)
	return s == http.StatusBadRequest || s == http.StatusNotFound
}

// ListDelegatedAdminRelationships lists a customer's GDAP relationships in a
// provider instance. The API answers one array (its page documents no
// paging), so this is one request, shared by the data sources of one run.
func (c *Client) ListDelegatedAdminRelationships(ctx context.Context, customerID, providerInstanceID string) ([]DelegatedAdminRelationship, error) {
	if !uuidRE.MatchString(customerID) {
		return nil, fmt.Errorf("cloudcockpit: customer ID %q is not a UUID", customerID)
	}
	var out []DelegatedAdminRelationship
	_, err := c.http.Do(ctx, client.Request{
		Operation:   "list GDAP relationships of customer",
		Method:      http.MethodGet,
		Path:        []string{"v1", "Customers", customerID, "delegated-admin-relationships"},
		Query:       url.Values{"providerInstanceId": {providerInstanceID}},
		CacheParent: "customer-relationships/" + customerID + "/" + providerInstanceID,
		ForbiddenHint: "The API Access is not allowed to list the customer's GDAP relationships: that needs the csp or reseller role " +
			"in the CloudCockpit portal, and a reseller sees only its own customers.",
	}, &out)
	return out, err
}

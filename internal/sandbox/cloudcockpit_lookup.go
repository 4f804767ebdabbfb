package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The CloudCockpit lookups: "List all Provider Instances" and "List all GDAP
// relationships for a customer", which let a configuration find the
// provider_instance_id and relationship_id an access assignment needs.

// CloudCockpitProviderInstance is a provider instance as "List all Provider
// Instances" documents its items (providerData, and provider, whose fields
// the page does not show, are left out).
type CloudCockpitProviderInstance struct {
	ID                 string   `json:"id"`
	Alias              string   `json:"alias,omitempty"`
	InstanceProviderID string   `json:"instanceProviderId,omitempty"`
	ImageURL           string   `json:"imageUrl,omitempty"`
	OfferTypes         []string `json:"offerTypes,omitempty"` // enumeration names
	SupportedCountries []string `json:"supportedCountries,omitempty"`
}

// CloudCockpitRelationshipDetails are the fields "List all GDAP
// relationships for a customer" shows besides the ID and status.
type CloudCockpitRelationshipDetails struct {
	CustomerID         string `json:"customerId"`
	DisplayName        string `json:"displayName,omitempty"`
	Duration           string `json:"duration,omitempty"`           // ISO 8601, such as P730D
	AutoExtendDuration string `json:"autoExtendDuration,omitempty"` // ISO 8601, such as PT0S or P180D
	CustomerTenantID   string `json:"customerTenantId,omitempty"`
}

// AddProviderInstance adds (or replaces) a provider instance. Instances of
// seeded relationships are listed too, with their ID only.
func (c *CloudCockpitStore) AddProviderInstance(p CloudCockpitProviderInstance) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := p
	c.instances[strings.ToLower(p.ID)] = &cp
}

// RemoveProviderInstance forgets a provider instance added with
// AddProviderInstance, as an out-of-band change in the portal.
func (c *CloudCockpitStore) RemoveProviderInstance(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.instances, strings.ToLower(id))
}

// AddCustomer makes a customer known with no GDAP relationship, so listing
// its relationships answers an empty list rather than 400.
func (c *CloudCockpitStore) AddCustomer(customerID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.customers[strings.ToLower(customerID)] = true
}

// SetRelationshipDetails ties a seeded relationship to a customer and sets
// the fields the customer's relationship list shows.
func (c *CloudCockpitStore) SetRelationshipDetails(providerInstanceID, relationshipID string, d CloudCockpitRelationshipDetails) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rel, ok := c.relationships[ccKey(providerInstanceID, relationshipID)]; ok {
		rel.details = d
	}
}

type ccNamed struct {
	Name string `json:"name"`
}

type ccInstanceJSON struct {
	ID                 string    `json:"id"`
	Alias              *string   `json:"alias"`
	InstanceProviderID *string   `json:"instanceProviderId"`
	ImageURL           *string   `json:"imageUrl"`
	OfferTypes         []ccNamed `json:"offerTypes"`
	SupportedCountries []string  `json:"supportedCountries"`
}

// nullable renders "" as null: every string field of these lists is
// documented as "string | null".
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// providerInstances is "List all Provider Instances", paged by pageNumber
// and pageSize (1 to 2000, default 25). A page holds at most
// Options.PageSize items whatever pageSize asks for (the docs give the
// range, not a promise to fill it), so a client must follow totalPages
// rather than count items.
func (c *CloudCockpitStore) providerInstances(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	number, size := 1, 25
	var errs []ccPropertyError
	if s := q.Get("pageNumber"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 {
			number = n
		} else {
			errs = append(errs, ccPropertyError{PropertyName: "pageNumber", Description: []string{"The pageNumber must be at least 1."}})
		}
	}
	if s := q.Get("pageSize"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 2000 {
			size = n
		} else {
			errs = append(errs, ccPropertyError{PropertyName: "pageSize", Description: []string{"The pageSize must be between 1 and 2000."}})
		}
	}
	if len(errs) > 0 {
		writeCCError(w, r, http.StatusBadRequest, "One or more validation errors occurred.", errs)
		return
	}
	size = min(size, c.server.opts.PageSize)
	c.mu.Lock()
	all := map[string]CloudCockpitProviderInstance{}
	for k := range c.relationships {
		pid, _, _ := strings.Cut(k, "/")
		all[pid] = CloudCockpitProviderInstance{ID: pid}
	}
	for k, p := range c.instances {
		all[k] = *p
	}
	c.mu.Unlock()
	ids := slices.Sorted(func(yield func(string) bool) {
		for k := range all {
			if !yield(k) {
				return
			}
		}
	})
	from := min((number-1)*size, len(ids))
	to := min(from+size, len(ids))
	items := make([]ccInstanceJSON, 0, to-from)
	for _, k := range ids[from:to] {
		p := all[k]
		j := ccInstanceJSON{ID: p.ID, Alias: nullable(p.Alias), InstanceProviderID: nullable(p.InstanceProviderID), ImageURL: nullable(p.ImageURL),
			SupportedCountries: p.SupportedCountries}
		for _, o := range p.OfferTypes {
			j.OfferTypes = append(j.OfferTypes, ccNamed{Name: o})
		}
		items = append(items, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"items": items, "totalCount": len(ids), "totalPages": (len(ids) + size - 1) / size,
	})
}

type ccRelationshipJSON struct {
	// Exactly one of the two carries the ID (Options.CloudCockpitRelationshipIDAsID).
	RelationshipID     *string `json:"relationshipId,omitempty"`
	ID                 *string `json:"id,omitempty"`
	DisplayName        *string `json:"displayName"`
	Duration           *string `json:"duration"`
	AutoExtendDuration *string `json:"autoExtendDuration"`
	Customer           struct {
		TenantID *string `json:"tenantId"`
	} `json:"customer"`
	Status        ccNamed `json:"status"`
	AccessDetails struct {
		UnifiedRoles []ccRole `json:"unifiedRoles"`
	} `json:"accessDetails"`
}

// customerRelationships is "List all GDAP relationships for a customer":
// the customer's relationships in one provider instance, as one array (the
// page documents no paging). An unknown customer is a 400 with
// CloudCockpit's error body, the only error shape its page shows.
func (c *CloudCockpitStore) customerRelationships(w http.ResponseWriter, r *http.Request) {
	customer, pid := strings.ToLower(r.PathValue("customerId")), strings.ToLower(r.URL.Query().Get("providerInstanceId"))
	c.mu.Lock()
	known := c.customers[customer]
	var rels []*ccRelationship
	for k, rel := range c.relationships {
		if strings.EqualFold(rel.details.CustomerID, customer) {
			known = true
			if strings.HasPrefix(k, pid+"/") {
				rels = append(rels, rel)
			}
		}
	}
	out := make([]ccRelationshipJSON, 0, len(rels))
	slices.SortFunc(rels, func(a, b *ccRelationship) int { return strings.Compare(a.id, b.id) })
	for _, rel := range rels {
		var j ccRelationshipJSON
		id := rel.id
		if c.server.opts.CloudCockpitRelationshipIDAsID {
			j.ID = &id
		} else {
			j.RelationshipID = &id
		}
		j.DisplayName, j.Duration, j.AutoExtendDuration = nullable(rel.details.DisplayName), nullable(rel.details.Duration), nullable(rel.details.AutoExtendDuration)
		j.Customer.TenantID = nullable(rel.details.CustomerTenantID)
		j.Status.Name = rel.status
		j.AccessDetails.UnifiedRoles = []ccRole{{RoleDefinitionID: CloudCockpitRoleID}}
		out = append(out, j)
	}
	c.mu.Unlock()
	if !known {
		writeCCError(w, r, http.StatusBadRequest, "The customer was not found.",
			[]ccPropertyError{{PropertyName: "customerId", Description: []string{"Customer " + r.PathValue("customerId") + " does not exist."}}})
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// Package cloudcockpit holds the CloudCockpit resources and list resource,
// and the cloudcockpit block of the provider configuration.
package cloudcockpit

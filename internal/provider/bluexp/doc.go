// Package bluexp holds the NetApp BlueXP resources and list resource, and
// the bluexp block of the provider configuration.
package bluexp

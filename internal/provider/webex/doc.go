// Package webex holds the Cisco Webex resources, list resource and data
// source, and the webex block of the provider configuration.
package webex

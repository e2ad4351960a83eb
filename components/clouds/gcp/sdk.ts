/**
 * The parts of @pulumi/gcp the GKE adapter uses, imported by service. The package root pulls in every
 * service: the type-checker then reads ~940k lines of declarations (of ~2.9M for the whole repo), and
 * `pulumi up` loads every service module. The adapter's files import this module as `gcp` and keep
 * writing `gcp.container.Cluster`; a service not listed here is added here.
 */
export * as compute from "@pulumi/gcp/compute";
export * as container from "@pulumi/gcp/container";
export * as kms from "@pulumi/gcp/kms";
export * as organizations from "@pulumi/gcp/organizations";
export * as projects from "@pulumi/gcp/projects";
export * as serviceaccount from "@pulumi/gcp/serviceaccount";
export * as storage from "@pulumi/gcp/storage";
export type * as types from "@pulumi/gcp/types";
export { Provider } from "@pulumi/gcp/provider";

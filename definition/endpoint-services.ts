/**
 * Schema for PrivateLink provider services (`endpointServices[]`) and the security
 * account that runs detective controls (`security`). Kept apart from schema.ts so the
 * PrivateLink feature owns its section; schema.ts composes it.
 */
import { z } from "zod";

const name = z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, {
        error: "expected a name of 2-40 lower-case letters, digits and '-', starting with a letter",
    });

export const endpointServiceSchema = z.strictObject({
    name: name.describe("Service name; prefixes every resource of the service."),
    spoke: name.describe("Spoke (from `spokes`) whose private subnets hold the provider's Network Load Balancer."),
    port: z.number().int().min(1).max(65535).describe("TCP port the NLB listens on and forwards to.").default(443),
    targets: z
        .array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, { error: "expected a target IPv4 address inside the owning spoke" }))
        .describe("IP targets of the NLB target group (inside the owning spoke's CIDR).")
        .default([]),
    consumers: z.array(name).describe("Spokes that get an interface endpoint to the service; their accounts become the allowed principals.").default([]),
    privateDnsName: z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a DNS name such as \"payments.example.com\"" })
        .describe("Optional private DNS name of the endpoint service (needs domain verification).")
        .optional(),
});

export const securitySchema = z.strictObject({
    account: name.describe("Logical name (from `accounts`) of the security/audit account that receives governance events."),
    alertEmails: z.array(z.string().email({ error: "expected an e-mail address" })).describe("Subscribed to the governance SNS topic.").default([]),
});

export type EndpointServiceDefinition = z.output<typeof endpointServiceSchema>;
export type SecurityDefinition = z.output<typeof securitySchema>;

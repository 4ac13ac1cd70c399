/**
 * How the policy pack is rolled out for this environment: `npm run policy-config` turns this
 * section into the pack's `--policy-pack-config` (enforcement level per rule, per stack group,
 * and the switches below). The pack itself reads only that generated config.
 */
import { z } from "zod";

/**
 * The pack's rule names (policypacks/landing-zone/policies/index.ts). Listed here because the
 * definition cannot import the pack (it publishes alone); a test keeps both lists equal.
 */
export const policyPackRuleNames = [
    "endpoints-vpc-endpoint-policy-required",
    "endpoints-vpc-endpoint-policy-trusted-identities",
    "endpoints-vpc-endpoint-policy-size",
    "endpoints-vpc-endpoint-service-allowed",
    "endpoints-vpc-endpoint-security-group-restricted",
    "endpoints-vpc-endpoint-gateway-unique",
    "endpoints-vpc-endpoint-no-private-dns-in-spoke",
    "privatelink-vpc-endpoint-service-acceptance-required",
    "privatelink-vpc-endpoint-service-allowed-principals",
    "privatelink-vpc-endpoint-service-notification-required",
    "network-transit-gateway-secure-defaults",
    "network-transit-gateway-two-way-reachability",
    "network-ram-resource-share-no-external-principals",
    "network-ram-principal-association-organization-only",
    "network-vpc-flow-logs-required",
    "network-vpc-isolated-no-internet",
    "network-awsx-vpc-isolated-no-internet",
    "network-resolver-endpoint-inbound-restricted",
    "perimeter-organizations-policy-size",
    "perimeter-organizations-policy-grammar",
    "perimeter-policy-deny-statement-applicable",
    "perimeter-s3-bucket-policy-protected-network",
] as const;

const level = z.enum(["mandatory", "advisory", "disabled"]).describe("CrossGuard enforcement level: mandatory blocks the update, advisory reports, disabled skips the rule.");
const levels = z
    .partialRecord(z.enum(policyPackRuleNames), level)
    .describe("Enforcement level by rule name; rules not listed keep the level the rollout gives them.");

export const policyPackSchema = z
    .strictObject({
        rollout: z
            .enum(["enforce", "advisory-first"])
            .default("enforce")
            .describe(
                "`enforce`: every rule at its own level (security rules mandatory). `advisory-first`: every rule advisory, so a new organization sees " +
                    "what the pack would block without blocking anything; raise rules one by one with `levels`, then switch to `enforce`. @default enforce",
            ),
        levels: levels.default({}),
        stackGroups: z
            .array(
                z
                    .strictObject({
                        stacks: z
                            .array(z.string().min(1))
                            .min(1)
                            .describe("Stack names or patterns (`*` matches any characters), e.g. `prod-research*`; the first group that matches a stack applies."),
                        levels: levels.default({}),
                    })
                    .describe("A group of stacks and the enforcement levels that apply to them."),
            )
            .default([])
            .describe("Levels for groups of stacks (a Pulumi Cloud policy group each); they override `levels` for the stacks they match."),
        flowLogs: z
            .enum(["per-stack", "central"])
            .default("per-stack")
            .describe("`central` when flow logs are enforced for the whole organization elsewhere (an organization Config rule or Security Hub EC2.6 with remediation): the flow-log rule is disabled. @default per-stack"),
        acceptWorkloadServiceEndpoints: z
            .boolean()
            .default(true)
            .describe(
                "Accept a workload's own interface or gateway endpoint to an AWS service of its own Region (the endpoint's Region, one of the environment's hub Regions; never across Regions through serviceRegion) that the hub does not centralize, " +
                    "when it carries a policy admitting no outsider and (interface) security groups admitting only internal sources. @default true",
            ),
        stackReferencePrefix: z
            .string()
            .regex(/^[^/\s]+\/[^/\s]+\/$/, { error: "expected `<organization>/<project>/`, e.g. \"acme/landing-zone/\"" })
            .default("organization/landing-zone/")
            .describe(
                "Prefix of the stack names StackReferences use (`<organization>/<project>/`); the pack trusts endpoint-service names only from these full stack names. " +
                    "Same value as the program's `landing-zone:stackReferencePrefix`. @default organization/landing-zone/ (the DIY backends' literal organization)",
            ),
    })
    .describe("Rollout of the policy pack for this environment: enforcement levels per rule and stack group, advisory-first mode, exemptions.");

export type PolicyPackSettings = z.output<typeof policyPackSchema>;

/**
 * A perimeter scenario: one request a real environment sees, with the verdict the
 * perimeter promises. The same shape is read from a YAML/JSON file
 * (`npm run perimeter -- --scenarios <file>`, docs/perimeter.md "Scenario files"), so
 * scenarios can be written independently of the shipped table.
 */
import { PolicyDocument } from "./types";

export type ScenarioOrigin =
    /**
     * Through a VPC endpoint. `endpoint` is a catalog service name (`ssm`, `kms`, `ecr.dkr`:
     * the environment's interface endpoint for it — the hub's in centralized mode, the
     * caller's spoke's in distributed mode) or `gateway:s3` / `gateway:dynamodb` (the
     * caller's spoke's gateway endpoint).
     */
    | {
          endpoint: string;
          /** Account owning the endpoint. An account outside the environment makes it somebody else's endpoint (full-access policy). @default as above */
          endpointAccount?: string;
          /** Region of the endpoint. @default the environment's Region */
          region?: string;
          /** VPC the endpoint is in. @default the hub's (central endpoints) or the caller's spoke's */
          vpcId?: string;
      }
    /** From a public IP address (corporate egress, home, attacker). */
    | { ip: string }
    /**
     * From AWS's own network: an AWS service principal, a role an AWS service uses
     * (Lambda writing logs, VPC Flow Logs delivery), or — with `forwardAccessSession` — an
     * AWS service acting with the caller's own session (aws:ViaAWSService).
     */
    | { awsNetwork: true; forwardAccessSession?: boolean; calledVia?: string }
    /**
     * From inside the caller's VPC to a network interface the service placed there (an EFS mount
     * target: `elasticfilesystem:ClientMount` with IAM authorization): no endpoint is crossed and
     * the request carries no network key (aws/request-context.ts `networkInterfaceOnlyActions`).
     */
    | { networkInterface: true };

export interface Scenario {
    id: string;
    description: string;
    expect: "allowed" | "denied";
    /**
     * IAM role ARN (`arn:aws:iam::<account>:role/<name>`), AWS service principal
     * (`logs.amazonaws.com`), or `anonymous` for an unsigned request.
     */
    principal: string;
    /** Tags on the calling role (`dp:include:network: "true"` puts it under the network perimeter). */
    principalTags?: Record<string, string>;
    /** Organization of the caller when it is not one of the definition's accounts. */
    principalOrgId?: string;
    action: string;
    /** Resource ARN (`*` for actions that name no resource). */
    resource: string;
    /** Account that owns the resource. @default the ARN's account (required for S3 ARNs, which carry none) */
    resourceAccount?: string;
    /** Organization of the resource when it is not one of the definition's accounts. */
    resourceOrgId?: string;
    /** The Region the request names (aws:RequestedRegion). @default the endpoint's (through an endpoint), else the resource ARN's, else the environment's */
    region?: string;
    from: ScenarioOrigin;
    /** Extra or overriding request context keys (`ec2:VpceServiceName`, `aws:SourceAccount` ...). */
    context?: Record<string, string | string[]>;
    /** The resource's own policy (a bucket's grants, a role's trust policy, a key policy). */
    resourcePolicy?: PolicyDocument;
    /** The caller's identity policy. @default allow everything (the perimeter, not IAM, is under test) */
    identityPolicy?: PolicyDocument;
}

/** An account id outside the organization and the trusted list. */
export const OUTSIDE_ACCOUNT = "999988887777";
export const OUTSIDE_ORG = "o-outsider0001";
/** Stands for the AWS-owned accounts behind ECR layers, Amazon Linux and SSM buckets, public documents. */
export const AWS_OWNED_ACCOUNT = "777766665555";

/**
 * Roles of the adopter's own workloads that the scenarios act as. The landing zone creates
 * none of them: they stand for what users run in their accounts (README tells them to tag
 * workload roles). Declared once, so a test tells them apart from the roles the program
 * creates (named by perimeter/scenarios.ts from definition/governance-names.ts and the
 * definition) and fails on any other role name (test/perimeter/scenario-roles.test.ts).
 */
export const workloadRoles = {
    /** A tagged application role. */
    app: "app-workload",
    /** The role of its own account a workload assumes (the ordinary STS call). */
    reader: "app-reader",
    /** A role someone forgot to tag. */
    untagged: "untagged-tool",
    /** The documented break-glass role (the exclude tag). */
    breakGlass: "break-glass",
    /** A Lambda execution role of a workload. */
    lambda: "orders-handler-lambda",
    /** A role whose trust policy names an outside account by mistake. */
    legacy: "legacy-integration",
    /** A service role the definition does not declare. */
    undeclared: "undeclared-service-role",
    /** Someone who reads the log archive. */
    logAnalyst: "log-analyst",
} as const;

/**
 * Roles AWS itself uses in your account: EC2's infrastructure role decrypts an encrypted
 * volume's key (https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html;
 * aws-samples/data-perimeter-policy-examples exempts `aws:ec2-infrastructure`).
 */
export const awsServiceRoles = { ec2Infrastructure: "aws:ec2-infrastructure" } as const;

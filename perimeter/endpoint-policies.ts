// PLACEHOLDER (owned by the perimeter helper): the narrowest trusted-identity policy.
import { Definition } from "../definition/schema";
import { PolicyDocument } from "./types";

function identityCondition(definition: Definition): Record<string, Record<string, string[]>> {
    return definition.organization
        ? { StringEquals: { "aws:PrincipalOrgID": [definition.organization.id] } }
        : { StringEquals: { "aws:PrincipalAccount": Object.values(definition.accounts) } };
}

/** Policy for an interface endpoint of `service`; undefined when the service takes only the full-access policy. */
export function interfaceEndpointPolicy(definition: Definition, service: string): PolicyDocument | undefined {
    return { Version: "2012-10-17", Statement: [{ Sid: "TrustedIdentities", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: identityCondition(definition) }] };
}

/** Policy for the S3 or DynamoDB gateway endpoint of a VPC. */
export function gatewayEndpointPolicy(definition: Definition, service: "s3" | "dynamodb"): PolicyDocument {
    return { Version: "2012-10-17", Statement: [{ Sid: "TrustedIdentities", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: identityCondition(definition) }] };
}

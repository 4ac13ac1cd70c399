import { ORG, ProgramSpec, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

const VENDOR = "464622532012"; // the environment's trusted vendor account

export const spec: ProgramSpec = {
    description: "S3 gateway endpoint policy shaped as AWS's example: org identities to org resources, AWS service principals, the trusted vendor's identities to the vendor's resources, org identities to the vendor's resources",
    source: "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/vpc_endpoint_policies/s3_endpoint_policy.json",
    expect: { mandatory: [] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(
            vpc,
            policyOf(
                { Sid: "AllowRequestsByOrgsIdentitiesToOrgsResources", Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": ORG, "aws:ResourceOrgID": ORG } } },
                { Sid: "AllowRequestsByAWSServicePrincipals", Effect: "Allow", Principal: { AWS: "*" }, Action: "*", Resource: "*", Condition: { Bool: { "aws:PrincipalIsAWSService": "true" } } },
                { Sid: "AllowRequestsByThirdPartyIdentitiesToThirdPartyResources", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::vendor-telemetry-drop/*", Condition: { StringEquals: { "aws:PrincipalAccount": [VENDOR], "aws:ResourceAccount": [VENDOR] } } },
                { Sid: "AllowRequestsByOrgsIdentitiesToThirdPartyResources", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::vendor-telemetry-drop/*", Condition: { StringEquals: { "aws:PrincipalOrgID": ORG, "aws:ResourceAccount": [VENDOR] } } },
            ),
        );
    },
};

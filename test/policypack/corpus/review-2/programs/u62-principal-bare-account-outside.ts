import { ProgramSpec, orgStatements, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Gateway endpoint policy naming principals as bare account ids (allowed in resource policies), one of them outside the environment",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf(...orgStatements, { Sid: "Partners", Effect: "Allow", Principal: { AWS: ["200000000001", "999988887777"] }, Action: "s3:*", Resource: "*" }));
    },
};

import { ProgramSpec, orgStatements, policyOf, s3Gateway, vpcWithFlowLog } from "./base";

export const spec: ProgramSpec = {
    description: "Gateway endpoint statement for any caller on arn:aws:s3:::${aws:username}-home/* : any IAM user of any account reads a bucket named after its user name through our endpoint",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, policyOf(...orgStatements, { Sid: "Homes", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::${aws:username}-home/*" }));
    },
};

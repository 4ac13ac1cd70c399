import { ProgramSpec, s3Gateway, vpcWithFlowLog } from "./base";

// Written as JSON text (a TypeScript object cannot hold the same key twice): the statement has
// two Condition elements. JSON parsers keep the last; AWS documents no rule for duplicate keys
// (terraform-provider-aws#33026: "could lead to an overly permissive policy"), so the pessimistic
// reading is the first: only aws:SecureTransport, which restricts no identity.
const text = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*",
"Condition":{"Bool":{"aws:SecureTransport":"true"}},
"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`;

export const spec: ProgramSpec = {
    description: "Endpoint policy JSON text with two Condition elements in one statement (first: TLS only, last: our organization); AWS documents no rule for duplicate keys, so the permissive reading must be assumed",
    source: "https://github.com/hashicorp/terraform-provider-aws/issues/33026",
    expect: { mandatory: ["endpoints-vpc-endpoint-policy-trusted-identities s3-gateway"] },
    program: () => {
        const vpc = vpcWithFlowLog();
        s3Gateway(vpc, text);
    },
};

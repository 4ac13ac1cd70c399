import * as aws from "@pulumi/aws";
import { CORPORATE, LEDGER, ORG, ProgramSpec, policyOf } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket perimeter with every condition key name in upper case (AWS:SOURCEIP, AWS:VPCEORGID...): key names are case-insensitive, the Denies hold",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
    expect: { mandatory: [] },
    program: () => {
        const res = [`arn:aws:s3:::${LEDGER}`, `arn:aws:s3:::${LEDGER}/*`];
        new aws.s3.BucketPolicy("ledger-policy", {
            bucket: LEDGER,
            policy: policyOf(
                {
                    Sid: "EnforceIdentityPerimeter", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: res,
                    Condition: { StringNotEqualsIfExists: { "AWS:PRINCIPALORGID": ORG, "AWS:PRINCIPALACCOUNT": "464622532012" }, BoolIfExists: { "AWS:PRINCIPALISAWSSERVICE": "false" } },
                },
                {
                    Sid: "EnforceNetworkPerimeter", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: res,
                    Condition: {
                        NotIpAddressIfExists: { "AWS:SOURCEIP": CORPORATE },
                        StringNotEqualsIfExists: { "AWS:VPCEORGID": ORG, "AWS:PRINCIPALTAG/dp:exclude:network": "true" },
                        BoolIfExists: { "AWS:PRINCIPALISAWSSERVICE": "false", "AWS:VIAAWSSERVICE": "false" },
                    },
                },
            ),
        });
    },
};

import * as aws from "@pulumi/aws";
import { ProgramSpec, RAW } from "./base";

export const spec: ProgramSpec = {
    description: "Protected bucket made public through aws.s3.Bucket's own policy input, as an object, with Principal {AWS: [\"*\"]} (the array form of anyone)",
    source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
    expect: { mandatory: ["perimeter-s3-bucket-policy-protected-network raw", "perimeter-s3-bucket-policy-protected-network raw"] },
    program: () => {
        new aws.s3.Bucket("raw", {
            bucket: RAW,
            policy: {
                Version: "2012-10-17",
                Statement: [{ Sid: "Share", Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::${RAW}/*`] }],
            },
        });
    },
};

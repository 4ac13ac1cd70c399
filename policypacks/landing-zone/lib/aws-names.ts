/**
 * Reading AWS names: endpoint service names and principal ARNs.
 */

/** `com.amazonaws.vpce.<region>.vpce-svc-...`: a PrivateLink service published by an account. */
export function isEndpointServiceName(serviceName: string): boolean {
    return /^com\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+$/.test(serviceName);
}

/**
 * The short AWS service name of `com.amazonaws.<region>.<service>` (e.g. `ecr.dkr`) or of
 * a Region-less global one (`com.amazonaws.iam`, `com.amazonaws.route53`), or undefined
 * for names of another shape (endpoint services, `aws.sagemaker...`).
 */
export function awsServiceShortName(serviceName: string): string | undefined {
    if (isEndpointServiceName(serviceName) || serviceName.startsWith("com.amazonaws.vpce.")) return undefined;
    const m = /^com\.amazonaws\.(?:([a-z]{2}(?:-gov)?-[a-z]+-\d)\.)?([a-z0-9][a-z0-9.-]*)$/.exec(serviceName);
    return m ? m[2] : undefined;
}

/** The account id of an IAM principal: a 12-digit id or `arn:<partition>:iam::<account>:...`. */
export function principalAccount(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) return principal;
    const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
    return m ? m[1] : undefined;
}

/** `arn:aws:organizations::<mgmt>:organization/o-...` → the organization id. */
export function organizationArnId(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/(o-[a-z0-9]+)$/.exec(arn);
    return m ? m[1] : undefined;
}

/** `arn:aws:organizations::<mgmt>:ou/o-.../ou-...` → its organization and OU ids. */
export function organizationalUnitArn(arn: string): { organizationId: string; ouId: string } | undefined {
    const m = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/(o-[a-z0-9]+)\/(ou-[0-9a-z]+-[a-z0-9]+)$/.exec(arn);
    return m ? { organizationId: m[1], ouId: m[2] } : undefined;
}

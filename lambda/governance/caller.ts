/**
 * Who made a call, read from CloudTrail's `userIdentity`, and whether that is the network
 * admin role (`perimeter.networkAdminRole`), the only identity that may administer
 * endpoint services. The perimeter SCP enforces the same rule everywhere but the
 * management account; this check also covers it, after the fact.
 *
 * The role is matched as the SCP matches it (`arn:<partition>:iam::*:role/<name>`, no
 * path), on the role that issued the session (`sessionContext.sessionIssuer.arn`), not on
 * the session's STS ARN, which drops the path. The network admin role must have no path:
 * the SCP, this check and the program's provider (which assumes `role/<name>`; STS needs
 * the role's full ARN, path included) all name it so, and since role names are unique in
 * an account whatever their path, a role of that name under a path means the path-less
 * one does not exist there. A role of that name under a path is reported as another role,
 * with the reason spelled out in the alert.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
import {
    IdentityType,
    assumedRoleArnPattern,
    awsServicePrincipalPattern,
    identityTypes,
    roleArnPattern,
    serviceLinkedRolePathPrefix,
} from "../../aws/cloudtrail-identity";
import { UserIdentity } from "./cloudtrail";

export type CallerKind = "network-admin" | "other-role" | "root" | "user" | "account" | "aws-service" | "unknown";

export interface Caller {
    kind: CallerKind;
    /** How the alert names the caller: a role ARN, `root user of 123456789012`, a user ARN... */
    label: string;
    /** The AWS service that made the call, when one did. */
    invokedBy?: string;
    /** For a role: its name, and its path without the leading `/` ("" for none). */
    roleName?: string;
    rolePath?: string;
}

function roleOf(identity: UserIdentity): { account: string; path: string; name: string; arn: string } | undefined {
    const issuer = identity.sessionContext?.sessionIssuer?.arn;
    const fromIssuer = issuer ? roleArnPattern.exec(issuer) : null;
    if (fromIssuer && issuer) return { account: fromIssuer[1], path: fromIssuer[2], name: fromIssuer[3], arn: issuer };
    const fromSession = identity.arn ? assumedRoleArnPattern.exec(identity.arn) : null;
    if (fromSession && identity.arn) return { account: fromSession[1], path: "", name: fromSession[2], arn: identity.arn };
    if (identity.arn) {
        const direct = roleArnPattern.exec(identity.arn);
        if (direct) return { account: direct[1], path: direct[2], name: direct[3], arn: identity.arn };
    }
    return undefined;
}

/** Classifies the caller of a CloudTrail record. */
export function classifyCaller(identity: UserIdentity | undefined, networkAdminRole: string): Caller {
    if (!identity || typeof identity !== "object") return { kind: "unknown", label: "an identity CloudTrail did not record" };
    const invokedBy = typeof identity.invokedBy === "string" ? identity.invokedBy : undefined;
    const type = (identity.type ?? "Unknown") as IdentityType;
    const category = identityTypes[type] ?? "unknown";
    switch (category) {
        case "aws":
            return { kind: "aws-service", label: `AWS service ${invokedBy ?? identity.principalId ?? "(unnamed)"}`, invokedBy };
        case "root":
            return { kind: "root", label: `the root user of ${identity.accountId ?? "the account"}`, invokedBy };
        case "user":
            return { kind: "user", label: `${type} ${identity.arn ?? identity.userName ?? identity.principalId ?? "(unnamed)"}`, invokedBy };
        case "account":
            return { kind: "account", label: `another account (${identity.accountId ?? identity.principalId ?? "unknown"})`, invokedBy };
        case "role": {
            const role = roleOf(identity);
            if (!role) return { kind: "unknown", label: `a ${type} session whose role CloudTrail did not record`, invokedBy };
            // A service-linked role is AWS acting for the account, not a person or pipeline.
            if (role.path.startsWith(serviceLinkedRolePathPrefix) && (invokedBy === undefined || awsServicePrincipalPattern.test(invokedBy))) {
                return { kind: "aws-service", label: `AWS service ${invokedBy ?? role.path.split("/")[1]} (service-linked role ${role.arn})`, invokedBy };
            }
            if (role.name === networkAdminRole && role.path === "") return { kind: "network-admin", label: role.arn, invokedBy, roleName: role.name, rolePath: role.path };
            return { kind: "other-role", label: role.arn, invokedBy, roleName: role.name, rolePath: role.path };
        }
        default:
            return { kind: "unknown", label: `an identity of type ${type}`, invokedBy };
    }
}

/**
 * True when AWS itself made the call for the account: an AWS service account
 * (`AWSService`), or a service-linked role. A forward access session (an AWS service using
 * the caller's own role, `invokedBy` set) is NOT AWS's call: the role is judged.
 */
export function isAwsMadeCall(identity: UserIdentity | undefined): boolean {
    return classifyCaller(identity, "").kind === "aws-service";
}

/**
 * The policies in effect on a VPC endpoint: its own `policy` input and every standalone
 * `aws.ec2.VpcEndpointPolicy` attached to it (modifier map, lib/modifiers.ts). A standalone
 * policy replaces the endpoint's own, so when one is attached the endpoint's input is not what
 * AWS enforces; both are judged all the same, since either may be the one applied last.
 *
 * A standalone policy without a document is not "no policy": the provider's `policy` argument
 * "Defaults to full access" (https://www.pulumi.com/registry/packages/aws/api-docs/ec2/vpcendpointpolicy/),
 * so attaching one resets the endpoint to the full-access policy whatever its own input says.
 */
import { parsePolicy } from "./policy-document";
import { StackIndex, StackNode } from "./stack-index";
import { T } from "./types";
import { isUnknown, str } from "./values";

const endpointTypes: ReadonlySet<string> = new Set([T.vpcEndpoint]);

export interface PolicySource {
    /** The resource that carries the document (the endpoint or a VpcEndpointPolicy). */
    node: StackNode;
    /** `policy of interface endpoint x` / `VpcEndpointPolicy y`. */
    where: string;
    value: unknown;
    /** A standalone policy without a document: the provider resets the endpoint to full access. */
    resetsToFullAccess?: boolean;
}

/** The endpoint a VpcEndpointPolicy is attached to, when the stack says which. */
export function attachedEndpoint(index: StackIndex, policy: StackNode): StackNode | undefined {
    return index.related(policy, "vpcEndpointId", endpointTypes)[0];
}

/** Standalone policies whose endpoint cannot be told during preview. */
export function unattachedPolicies(index: StackIndex): StackNode[] {
    return index.ofType(T.vpcEndpointPolicy).filter((p) => !attachedEndpoint(index, p) && isUnknown(str(p.props["vpcEndpointId"])));
}

const attachedByIndex = new WeakMap<StackIndex, Map<string, StackNode[]>>();

function attachedPolicies(index: StackIndex, endpoint: StackNode): StackNode[] {
    let map = attachedByIndex.get(index);
    if (!map) {
        map = new Map();
        for (const p of index.ofType(T.vpcEndpointPolicy)) {
            const e = attachedEndpoint(index, p);
            if (!e) continue;
            let list = map.get(e.urn);
            if (!list) map.set(e.urn, (list = []));
            list.push(p);
        }
        attachedByIndex.set(index, map);
    }
    return map.get(endpoint.urn) ?? [];
}

export function policySources(index: StackIndex, endpoint: StackNode, label: string): { own?: PolicySource; standalone: PolicySource[] } {
    const standalone = attachedPolicies(index, endpoint).map((p) => {
        const value = p.props["policy"];
        return { node: p, where: `VpcEndpointPolicy ${p.name} of ${label}`, value, resetsToFullAccess: parsePolicy(value).kind === "absent" };
    });
    const value = endpoint.props["policy"];
    return { own: value === undefined ? undefined : { node: endpoint, where: label, value }, standalone };
}

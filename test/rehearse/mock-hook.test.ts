/**
 * The mock runtime's hooks the rehearsal's state backend needs (tools/plan/mock-runtime.ts):
 * each registration's URN and resource options reach `onRegistration` before the mocks'
 * `newResource` sees the registration (`import` and `deletedWith` among them), and the stack's
 * outputs come back as plain values.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { RegistrationOptions, runUnderMocks } from "../../tools/plan/mock-runtime";

class Thing extends pulumi.CustomResource {
    declare readonly value: pulumi.Output<string>;
    constructor(name: string, args: { value: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
        super("test:index:Thing", name, { ...args }, opts);
    }
}

describe("mock runtime hooks for the rehearsal", () => {
    it("onRegistration sees the URN and the resource options before newResource, and the stack outputs come back", async () => {
        const seen: { urn: string; options: RegistrationOptions }[] = [];
        const order: string[] = [];
        const mocks: pulumi.runtime.Mocks = {
            call: () => ({}),
            newResource: (args) => {
                // The registration was announced before the mocks are asked.
                if (args.custom) order.push(`new ${args.name} after ${seen.map((s) => s.urn.split("::").pop()).join(",")}`);
                return { id: `${args.name}-id`, state: { ...args.inputs, value: `${args.inputs.value}!` } };
            },
        };
        const run = await runUnderMocks(
            async () => {
                const a = new Thing("a", { value: "x" }, { retainOnDelete: true, ignoreChanges: ["value"] });
                const b = new Thing("b", { value: a.value }, { protect: true, deleteBeforeReplace: true, replaceOnChanges: ["value"], dependsOn: [a], import: "b-existing", deletedWith: a });
                return { a: a.value, b: b.id };
            },
            {
                mocks,
                stack: "hooks",
                preview: false,
                onRegistration: (record, options) => {
                    if (record.custom) seen.push({ urn: record.urn, options });
                },
            },
        );
        assert.deepStrictEqual(order, ["new a after a", "new b after a,b"]);
        const [a, b] = seen;
        assert.match(a.urn, /\$test:index:Thing::a$/);
        assert.deepStrictEqual(a.options, { protect: false, retainOnDelete: true, deleteBeforeReplace: false, ignoreChanges: ["value"], replaceOnChanges: [], importId: "", deletedWith: "" });
        assert.deepStrictEqual(b.options, { protect: true, retainOnDelete: false, deleteBeforeReplace: true, ignoreChanges: [], replaceOnChanges: ["value"], importId: "b-existing", deletedWith: a.urn });
        assert.deepStrictEqual(run.stackOutputs, { a: "x!", b: "b-id" });
    });
});

/**
 * Global services: a hub outside us-east-1 is refused them at the line that lists them.
 * (That a hub in us-east-1 plans them and the pack accepts them is
 * global-endpoints.process.test.ts: it starts the pack.)
 */
import * as assert from "assert";
import * as fs from "fs";
import { loadDefinitionFile } from "../../program/load";
import { devWithGlobalServices, GLOBAL } from "./global-services";

describe("global services' endpoints", function () {
    this.timeout(180000);

    it("are refused in another Region, each at its own line, naming us-east-1", () => {
        const file = devWithGlobalServices("eu-west-1");
        const errors = loadDefinitionFile(file).diagnostics.filter((d) => d.severity === "error");
        const lines = fs.readFileSync(file, "utf8").split("\n");
        assert.deepStrictEqual(
            errors.map((e) => lines[e.line - 1].trim()),
            GLOBAL.map((s) => `- ${s}`),
        );
        for (const e of errors) assert.match(e.message, /cannot get an interface endpoint in eu-west-1: .*only in us-east-1/);
    });
});

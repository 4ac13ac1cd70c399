/**
 * The cost report in the definition's own Region: every shipped Region has its own prices
 * (aws/price-sheet.json, no silent us-east-1 stand-ins), endpoint services' Network Load
 * Balancers are priced, and `npm run plan --json` carries the Region, the price version and
 * the notes the text report prints.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { priceResources } from "../../analysis/cost";
import { T } from "../../aws/lifecycle";
import { FALLBACK_REGION, isPrice, priceSheet, pricesFor, regionalPriceItems } from "../../aws/prices";
import { main } from "../../tools/plan/cli";
import { loadForPlan } from "../../tools/plan/run";
import { sharedPlan } from "../support/plans";

const file = path.resolve(__dirname, "..", "fixtures", "definitions", "eurev.yaml");
const shipped = ["us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

describe("cost in the definition's Region", function () {
    this.timeout(120000);

    it("every shipped Region has its own price for every hourly item (no us-east-1 stand-in), each with its AWS page and date", () => {
        const hourly = regionalPriceItems.filter((i) => i.endsWith("Hour") && i !== "networkLoadBalancerNlcuHour");
        for (const region of shipped) {
            const table = pricesFor(region);
            assert.deepStrictEqual(table.fallbacks.filter((f) => hourly.includes(f.item)), [], region);
            for (const item of hourly) {
                const e = priceSheet.regions[region][item];
                assert.ok(isPrice(e) && /^https:\/\/aws\.amazon\.com\//.test(e.source) && e.date.length >= 7, `${region} ${item}`);
            }
        }
        // Regions really differ: Frankfurt, Singapore and Tokyo charge more per attachment than us-east-1.
        for (const region of ["eu-central-1", "ap-southeast-1", "ap-northeast-1"]) assert.ok(pricesFor(region).transitGatewayAttachmentHour > pricesFor(FALLBACK_REGION).transitGatewayAttachmentHour, region);
        assert.ok(pricesFor("eu-west-1").natGatewayHour > pricesFor(FALLBACK_REGION).natGatewayHour);
    });

    it("prices each endpoint service's Network Load Balancer with the Region's price", async () => {
        const definition = loadForPlan(file).definition;
        const plan = await sharedPlan({ definitionFile: file, unit: "all", definition });
        const nlbs = plan.resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer" && r.inputs.loadBalancerType === "network");
        assert.strictEqual(nlbs.length, definition.endpointServices.length);
        const cost = priceResources(plan.resources, { region: definition.region });
        assert.strictEqual(cost.region, "eu-west-1");
        const line = cost.lines.find((l) => /Network Load Balancers/.test(l.item))!;
        assert.ok(line, cost.lines.map((l) => l.item).join(", "));
        assert.strictEqual(line.quantity, nlbs.length);
        assert.strictEqual(line.unitUsd, pricesFor("eu-west-1").networkLoadBalancerHour);
        assert.ok(cost.notes.some((n) => /NLCU-hour/.test(n)));
        assert.ok(plan.resources.some((r) => r.type === T.vpcEndpoint));
    });

    it("npm run plan --json carries the cost's Region, price version and notes", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-cost-")), "plan.json");
        const code = await main(["--definition", file, "--unit", "network", "--json", out, "--no-policy", "--no-tree"], { out: () => undefined, err: () => undefined });
        assert.ok(code === 0 || code === 1, `exit ${code}`);
        const json = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.strictEqual(json.cost.region, "eu-west-1");
        assert.match(json.cost.prices, /^eu-west-1 /);
        assert.ok(Array.isArray(json.cost.notes) && json.cost.notes.length > 0);
        for (const l of json.cost.lines) assert.ok(l.per === "hour" || l.per === "month");
    });
});

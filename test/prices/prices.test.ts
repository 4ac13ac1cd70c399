/**
 * `npm run prices`: the shipped sheet is complete where it must be and sourced everywhere,
 * and `--update` reads the AWS Price List bulk files (here a recorded excerpt in AWS's
 * documented shape, test/prices/fixtures) into the sheet, taking only unambiguous
 * On-Demand prices and leaving the sheet untouched when the Price List cannot be read.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FALLBACK_REGION, PriceSheet, globalPriceItems, isPrice, priceSheet, pricesFor, regionalPriceItems } from "../../aws/prices";
import { csvFields, main, updateSheet } from "../../tools/prices";

const fixtures = path.join(__dirname, "fixtures", "price-list");

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    return main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({ code, out: out.join("\n"), err: err.join("\n") }));
}

function sheetCopy(): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lz-prices-")), "price-sheet.json");
    fs.writeFileSync(file, `${JSON.stringify(priceSheet, null, 2)}\n`);
    return file;
}

describe("prices: the sheet", () => {
    it("has the Regions the adopters asked for, and a us-east-1 price for every item (the fallback)", () => {
        for (const region of ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"]) assert.ok(priceSheet.regions[region], region);
        for (const item of regionalPriceItems) assert.ok(isPrice(priceSheet.regions[FALLBACK_REGION][item]), item);
        for (const item of globalPriceItems) assert.ok(priceSheet.global[item].usd > 0, item);
    });

    it("gives every value a source and a date, and every gap a reason", () => {
        for (const [region, items] of Object.entries(priceSheet.regions)) {
            assert.deepStrictEqual(Object.keys(items).sort(), [...regionalPriceItems].sort(), region);
            for (const item of regionalPriceItems) {
                const e = items[item];
                if (isPrice(e)) {
                    assert.ok(e.usd > 0 && e.source.length > 10 && /^\d{4}(-\d{2}){0,2}$/.test(e.date), `${region} ${item}: ${JSON.stringify(e)}`);
                } else assert.ok(e.missing.length > 10, `${region} ${item}`);
            }
        }
    });
});

describe("prices: npm run prices -- --update (AWS Price List bulk files)", () => {
    it("reads each item's On-Demand price from the offer files, first tier of a tiered price, with the file and its date as source", async () => {
        const { sheet, report } = await updateSheet(priceSheet, ["eu-west-1"], fixtures);
        const eu = sheet.regions["eu-west-1"];
        const usd = (item: (typeof regionalPriceItems)[number]) => (isPrice(eu[item]) ? eu[item].usd : undefined);
        assert.deepStrictEqual(
            Object.fromEntries(regionalPriceItems.map((i) => [i, usd(i)])),
            {
                interfaceEndpointAzHour: 0.011,
                interfaceEndpointGb: 0.01, // the tier starting at 0, not the 0.006 and 0.004 ones
                transitGatewayAttachmentHour: 0.05,
                transitGatewayGb: 0.02,
                resolverEniHour: 0.125, // not the DNS-Firewall variant
                natGatewayHour: 0.048, // from the EC2 offer; the instance rows and the Reserved term are skipped
                natGatewayGb: 0.048,
                vpnConnectionHour: 0.05, // not VPN-large
                networkLoadBalancerHour: 0.0252, // product family Load Balancer-Network, not the ALB row with the same usage type
                networkLoadBalancerNlcuHour: 0.006, // not the ALB's 0.008 LCU
            },
        );
        const nat = eu.natGatewayHour as { source: string; date: string };
        assert.match(nat.source, /^AWS Price List .*offers\/v1\.0\/aws\/AmazonEC2\/20261121000000\/eu-west-1\/index\.csv$/);
        assert.strictEqual(nat.date, "2026-11-21");
        // Every value gets the offer file as its source: ten changes, though the shipped values are the same numbers.
        assert.strictEqual(report.changed.length, 10);
        assert.deepStrictEqual(report.kept, []);
        // The input sheet is not changed; the result prices eu-west-1 with no fallback.
        assert.ok(!isPrice(priceSheet.regions["eu-west-1"].natGatewayHour) || priceSheet.regions["eu-west-1"].natGatewayHour !== eu.natGatewayHour);
        assert.deepStrictEqual(pricesFor("eu-west-1", sheet).fallbacks, []);
    });

    it("never guesses: two prices for one item, or none, or no offer file for the Region, keep the sheet's entry and say why", async () => {
        const { sheet, report } = await updateSheet(priceSheet, ["ap-northeast-1"], fixtures);
        const ap = sheet.regions["ap-northeast-1"];
        assert.strictEqual((ap.interfaceEndpointAzHour as { usd: number }).usd, 0.014);
        assert.strictEqual((ap.transitGatewayAttachmentHour as { usd: number }).usd, 0.07);
        assert.deepStrictEqual(ap.natGatewayHour, priceSheet.regions["ap-northeast-1"].natGatewayHour);
        const why = (item: string) => report.kept.find((k) => k.item === item)?.why ?? "";
        assert.match(why("natGatewayHour"), /2 different prices for APN1-NatGateway-Hours \(0\.062, 0\.065\): not guessing/);
        assert.match(why("natGatewayGb"), /no On-Demand USD price/);
        assert.match(why("resolverEniHour"), /AmazonRoute53 has no offer file for ap-northeast-1/);
        assert.match(why("networkLoadBalancerHour"), /AWSELB has no offer file for ap-northeast-1/);
    });

    it("writes the sheet it is given, reports each change, and changes nothing on a second run", async () => {
        const file = sheetCopy();
        const first = await run(["--update", "--from", fixtures, "--regions", "eu-west-1", "--sheet", file]);
        assert.strictEqual(first.code, 0, first.err);
        // The shipped value, transcribed from AWS's page, is replaced by the offer file's (a new source and date).
        assert.match(first.out, /^eu-west-1 natGatewayHour: 0\.048 -> 0\.048 \(AWS Price List .*, 2026-11-21\)$/m);
        assert.match(first.out, /wrote .*price-sheet\.json: 10 price\(s\) changed/);
        const written = JSON.parse(fs.readFileSync(file, "utf8")) as PriceSheet;
        assert.strictEqual((written.regions["eu-west-1"].natGatewayHour as { usd: number }).usd, 0.048);
        const second = await run(["--update", "--from", fixtures, "--regions", "eu-west-1", "--sheet", file]);
        assert.strictEqual(second.code, 0);
        assert.match(second.out, /no price changed/);
    });

    it("exits 1 and leaves the sheet as it was when the Price List cannot be reached", async () => {
        const file = sheetCopy();
        const before = fs.readFileSync(file, "utf8");
        const result = await run(["--update", "--from", "http://127.0.0.1:9", "--sheet", file]);
        assert.strictEqual(result.code, 1);
        assert.match(result.err, /^cannot read the AWS Price List at http:\/\/127\.0\.0\.1:9: .*is unchanged$/);
        assert.strictEqual(fs.readFileSync(file, "utf8"), before);
        const missing = await run(["--update", "--from", path.join(os.tmpdir(), "no-such-price-list"), "--sheet", file]);
        assert.strictEqual(missing.code, 1);
    });

    it("exits 2 on bad arguments", async () => {
        assert.strictEqual((await run(["--update", "--regions", "Ireland"])).code, 2);
        assert.strictEqual((await run(["--nope"])).code, 2);
        assert.strictEqual((await run(["--sheet", path.join(os.tmpdir(), "no-such-sheet.json")])).code, 2);
    });

    it("prints the sheet: a row per Region, third-party quotes and gaps marked, and every source", async () => {
        const { code, out } = await run([]);
        assert.strictEqual(code, 0);
        for (const region of Object.keys(priceSheet.regions)) assert.match(out, new RegExp(`^${region} `, "m"));
        assert.match(out, /^ap-northeast-1 +0\.014 /m);
        assert.match(out, /^us-east-1 .* 0\.05\* /m);
        assert.match(out, /^  eu-central-1 networkLoadBalancerNlcuHour: missing: /m);
    });

    it("parses the offer file's CSV quoting", () => {
        assert.deepStrictEqual(csvFields('"a","b, c","d ""q""",,e'), ["a", "b, c", 'd "q"', "", "e"]);
    });
});

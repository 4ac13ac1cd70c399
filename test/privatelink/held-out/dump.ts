/** Prints what the bundled Lambda published / evaluated for the held-out cases named in argv (or all). */
import { readAllCases, runCase, compare } from "../cases";
import { FakeAws } from "../fake-aws";

(async () => {
    const names = process.argv.slice(2);
    const fake = new FakeAws();
    fake.install();
    try {
        for (const c of readAllCases().filter((x) => names.length === 0 || names.some((n) => x.name.includes(n)))) {
            const o = await runCase(fake, c);
            console.log(`=== ${c.name}`);
            for (const p of o.published) console.log(`  SUBJECT ${p.Subject}\n  ${(p.Message ?? "").split("\n").join("\n  ")}`);
            for (const e of o.evaluations) console.log(`  EVAL ${e.ComplianceResourceType} ${e.ComplianceResourceId} ${e.ComplianceType} ${e.Annotation ?? ""}`);
            if (o.error) console.log(`  ERROR ${o.error.message}`);
            console.log(`  RETURNED ${JSON.stringify(o.returned)?.slice(0, 600)}`);
            const calls: Record<string, number> = {};
            for (const op of ["ListAccounts", "DescribeVpcEndpointServices", "DescribeVpcEndpointConnections", "Publish", "PutEvaluations", "DescribeVpcEndpointServiceConfigurations", "GetResourceConfigHistory", "GetComplianceDetailsByConfigRule", "DescribeVpcEndpointConnectionNotifications", "DescribeVpcEndpointServicePermissions"]) {
                const n = fake.calls(op).length;
                if (n) calls[op] = n;
            }
            console.log(`  CALLS ${JSON.stringify(calls)}`);
            const problems = compare(c, o, fake);
            if (problems.length) console.log(`  PROBLEMS ${problems.join(" | ")}`);
        }
    } finally {
        fake.restore();
    }
})();

import { planUnitsInParallel } from "./parallel";
import { loadForPlan } from "./run";
import { unitsOf } from "../../program/units";
import { policyConfigFor } from "../policy-config";
import * as path from "path";
(async () => {
  const file = process.argv[2];
  const { definition } = loadForPlan(file);
  const t = Date.now();
  const r = await planUnitsInParallel({ definitionFile: file, units: unitsOf(definition), workers: 2, nodeFlags: [...(process.env.SEMI ? ["--max-semi-space-size=" + process.env.SEMI] : []), ...(process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=" + process.env.PROF] : [])], pack: process.argv[3] ? { packDir: path.resolve("policypacks/landing-zone"), config: policyConfigFor(definition) } : undefined, onProgress: (m) => console.error(m) });
  const res = r.units.reduce((a, u) => a + u.summary.resources, 0);
  console.log("units", r.units.length, "resources", res, "wall", Date.now() - t, "planMs", r.units.reduce((a, u) => a + u.planMs, 0), "judgeMs", r.units.reduce((a, u) => a + (u.judgeMs ?? 0), 0), "viol", r.units.reduce((a, u) => a + u.violations.length, 0));
  console.log(r.processes.map((p) => `${p.role} ${((p.peakBytes ?? 0) / 1048576).toFixed(0)}MB`).join(", "));
  console.log(r.units.slice(0, 4).map((u) => `${u.unit}:${u.summary.resources}:${u.planMs}ms`).join(" "));
})();

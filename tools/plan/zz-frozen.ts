import { planUnitsInParallel } from "./parallel";
import { loadForPlan } from "./run";
import { unitsOf } from "../../program/units";
(async () => {
  for (const file of process.argv.slice(2)) {
    const { definition } = loadForPlan(file);
    const r = await planUnitsInParallel({ definitionFile: file, units: ["all", ...unitsOf(definition)], workers: 2 });
    console.log(file, r.units.map((u) => `${u.unit}:${u.summary.resources}`).join(" "));
  }
})().catch((e) => { console.error("FAILED", e.message); process.exit(1); });

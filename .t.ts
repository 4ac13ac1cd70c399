import { loadDefinitionText } from "./definition/load";
import * as fs from "fs";
const show = (t: string, f = "b17-anchor.yaml") => console.log(loadDefinitionText(t, f).diagnostics.map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`).join("\n") || "(clean)");
show(fs.readFileSync("/tmp/battery/b17-anchor.yaml", "utf8"));
show("a: *nope\n", "x.yaml");
show("a: &x 1\na: *x\n", "x.yaml");

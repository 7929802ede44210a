// Prints a YAML file as JSON, so the C# tests can assert on the structure of the CI templates.
//   node yaml-to-json.mjs <file>
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

if (process.argv.length !== 3) {
  console.error("usage: node yaml-to-json.mjs <file>");
  process.exit(2);
}
// GitLab's !reference tag is kept as {"!reference": [...]}.
const reference = new yaml.Type("!reference", { kind: "sequence", construct: (data) => ({ "!reference": data }) });
const schema = yaml.DEFAULT_SCHEMA.extend([reference]);
console.log(JSON.stringify(yaml.load(readFileSync(process.argv[2], "utf8"), { schema }), null, 2));

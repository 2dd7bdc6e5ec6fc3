// The lint step's import check: lib/ is layered by folder in the order a request meets them (see the
// README's Architecture section), and add-ons use only Ziggurat's public entry points.
// - A value import may only point to the same folder or to a folder in a later layer.
// - No circle of value imports between files (type-only imports are erased when compiled, so they
//   may point anywhere; the circles they form are listed with --types).
// - An add-on imports lib/ only through lib/index.ts and lib/testing/index.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** lib/'s layers, outermost first: a folder imports (values) only from folders in later layers. */
const LAYERS = [
  ['index.ts'],
  ['cli'],
  ['testing'],
  ['introspection'],
  ['config'],
  ['server'],
  ['dispatch'],
  ['realtime'],
  ['views'],
  ['predicates', 'security'],
  ['declarative'],
  ['http'],
  ['assets'],
  ['settings'],
  ['urldispatch'],
  ['diagnostics'],
  ['errors.ts', 'symbols.ts', 'types.ts', 'redis-client.ts'],
];
const PUBLIC_ENTRIES = ['lib/index.ts', 'lib/testing/index.ts'];

// The repository checked: this script's own, or the one `--root <dir>` names (its tests use that).
const rootFlag = process.argv.indexOf('--root');
const root =
  rootFlag === -1
    ? resolve(dirname(new URL(import.meta.url).pathname), '..')
    : resolve(process.argv[rootFlag + 1] ?? '.');

function sourceFiles(dir) {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** Whether an import or export declaration carries only types. */
function typeOnly(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    if (clause.name) return false;
    const bindings = clause.namedBindings;
    return (
      bindings !== undefined &&
      ts.isNamedImports(bindings) &&
      bindings.elements.length > 0 &&
      bindings.elements.every((element) => element.isTypeOnly)
    );
  }
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((element) => element.isTypeOnly)
  );
}

/** The relative imports of a file: `{ target, typeOnly }`, targets as repository paths of .ts files. */
function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found = [];
  const add = (specifier, isType) => {
    if (!specifier.startsWith('.')) return;
    const target = relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts');
    found.push({ target, typeOnly: isType });
  };
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      add(node.moduleSpecifier.text, typeOnly(node));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) add(argument.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The folder (or ground file) of lib/ a file belongs to. */
function unitOf(file) {
  const [, first] = file.split('/');
  return first;
}

function layerOf(unit) {
  const index = LAYERS.findIndex((layer) => layer.includes(unit));
  return index === -1 ? null : index;
}

/** Circles in a graph (strongly connected components with more than one file, or a self-import). */
function circles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let counter = 0;
  const connect = (node) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return found;
}

function check() {
  const problems = [];
  const valueGraph = new Map();
  const fullGraph = new Map();
  for (const file of sourceFiles('lib')) {
    const unit = unitOf(file);
    const layer = layerOf(unit);
    if (layer === null) problems.push(`${file}: lib/${unit} is in no layer of scripts/check-imports.mjs`);
    const imports = importsOf(file);
    valueGraph.set(
      file,
      imports.filter((item) => !item.typeOnly).map((item) => item.target),
    );
    fullGraph.set(
      file,
      imports.map((item) => item.target),
    );
    for (const { target, typeOnly: isType } of imports) {
      if (isType || !target.startsWith('lib/')) continue;
      const targetUnit = unitOf(target);
      const targetLayer = layerOf(targetUnit);
      if (targetUnit === unit || layer === null || targetLayer === null || targetLayer > layer) continue;
      problems.push(`${file} imports ${target}: lib/${targetUnit} is not below lib/${unit}`);
    }
  }
  for (const circle of circles(valueGraph)) problems.push(`import circle: ${circle.join(' -> ')}`);
  for (const file of existsSync(join(root, 'addons')) ? sourceFiles('addons') : []) {
    for (const { target } of importsOf(file)) {
      if (target.startsWith('lib/') && !PUBLIC_ENTRIES.includes(target)) {
        problems.push(`${file} imports ${target}: add-ons use only ${PUBLIC_ENTRIES.join(' and ')}`);
      }
    }
  }
  return { problems, typeCircles: circles(fullGraph) };
}

const { problems, typeCircles } = check();
if (process.argv.includes('--types')) {
  for (const circle of typeCircles) console.log(`circle through type-only imports: ${circle.join(' ')}`);
}
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);
console.log(`Imports checked: lib/ layered, no value-import circles, add-ons on the public API.`);

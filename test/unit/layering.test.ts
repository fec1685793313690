// The layering rules of the code, checked on every import in the tree: platform/ imports no area; no area
// imports lib/ or local/; an area reaches another only through its surface (index.ts: the pure model,
// services.ts: what touches the table); the pure surface reads no environment and touches no table; lib/ reads
// only the assembled declarations. Each rule is also shown to catch a violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** file → the repository files it imports (statically or dynamically), both relative to the root. */
type Graph = ReadonlyMap<string, readonly { readonly target: string; readonly typeOnly: boolean }[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importGraph(files: readonly string[]): Graph {
  const graph = new Map<string, { target: string; typeOnly: boolean }[]>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const edges: { target: string; typeOnly: boolean }[] = [];
    const add = (specifier: string, typeOnly: boolean) => {
      if (specifier.startsWith('.'))
        edges.push({ target: relative(ROOT, resolve(ROOT, dirname(file), specifier)), typeOnly });
    };
    const visit = (node: ts.Node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier !== undefined
      ) {
        const typeOnly = ts.isImportDeclaration(node)
          ? node.importClause?.isTypeOnly === true
          : node.isTypeOnly;
        if (ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text, typeOnly);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] !== undefined &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        add(node.arguments[0].text, false);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(file, edges);
  }
  return graph;
}

/** The folder under functions/ a file is in (`accounts`, `platform`, `app`…), if any. */
const areaOf = (file: string) => /^functions\/([^/]+)\//.exec(file)?.[1];
const SURFACES = new Set(['index.ts', 'services.ts']);
/** What the composition root may read of an area besides its surface: the declarations it assembles. */
const DECLARATIONS = new Set(['routes.ts', 'rules.ts', 'schedules.ts', 'declarations.ts']);
/** Importing any of these reads the environment or opens a client: the pure surface must not reach them. */
const IMPURE = [
  'functions/platform/table-name.ts',
  'functions/platform/clients.ts',
  'functions/platform/bus-client.ts',
];
/** What lib/ (the stack) may read of functions/: the assembled lists and the declarations behind them. */
const LIB_MAY_READ = [
  /^functions\/app\/(routes|rules|schedules)\.ts$/,
  /^functions\/platform\/(declarations|table|visibility|access)\.ts$/,
  /^functions\/events\/declarations\.ts$/,
];

function violations(graph: Graph): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    const from = areaOf(file);
    for (const { target } of edges) {
      const to = areaOf(target);
      const name = target.slice(target.lastIndexOf('/') + 1);
      if (from === 'platform' && to !== undefined && to !== 'platform') {
        found.push(`${file} → ${target}: platform/ imports no area`);
      }
      if (from !== undefined && (target.startsWith('lib/') || target.startsWith('local/'))) {
        found.push(`${file} → ${target}: functions/ never imports lib/ or local/`);
      }
      const crossArea =
        from !== undefined && from !== 'platform' && to !== undefined && from !== to && to !== 'platform';
      const throughSurface = target === `functions/${to}/${name}` && SURFACES.has(name);
      const declaration = from === 'app' && target === `functions/${to}/${name}` && DECLARATIONS.has(name);
      if (crossArea && !throughSurface && !declaration) {
        found.push(`${file} → ${target}: another area is reached through its index.ts or services.ts`);
      }
      if (
        file.startsWith('lib/') &&
        target.startsWith('functions/') &&
        !LIB_MAY_READ.some((ok) => ok.test(target))
      ) {
        found.push(`${file} → ${target}: the stack reads only the assembled declarations`);
      }
    }
  }
  // The pure surfaces: nothing they load, however indirectly, may read the environment or open a client.
  for (const file of graph.keys()) {
    if (!/^functions\/[^/]+\/index\.ts$/.test(file)) continue;
    const seen = new Set<string>();
    const path = new Map<string, string>([[file, file]]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.shift() as string;
      if (IMPURE.includes(current)) {
        found.push(`${file} reaches ${current} (${path.get(current)}): index.ts is the pure surface`);
        break;
      }
      for (const { target, typeOnly } of graph.get(current) ?? []) {
        if (typeOnly || seen.has(target)) continue;
        seen.add(target);
        path.set(target, `${path.get(current)} → ${target}`);
        queue.push(target);
      }
    }
  }
  return found;
}

/** Module-level schema constructions left unwrapped: a bundle would keep each, used or not (see platform/zod.ts). */
function unwrappedSchemas(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const rootOf = (expression: ts.Expression): ts.Expression => {
    let root = expression;
    while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = root.expression;
    return root;
  };
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (init === undefined || !ts.isCallExpression(init)) continue;
      const root = rootOf(init);
      if (ts.isIdentifier(root) && (root.text === 'z' || /^[A-Z]/.test(root.text))) {
        found.push(`${file}: ${declaration.name.getText(source)} is built at module level, unwrapped`);
      }
    }
  }
  return found;
}

const graphOf = (edges: Record<string, readonly string[]>): Graph =>
  new Map(
    Object.entries(edges).map(([file, targets]) => [
      file,
      targets.map((target) => ({ target, typeOnly: false })),
    ]),
  );

describe('layering', () => {
  const tree = importGraph([...sourceFiles('functions'), ...sourceFiles('lib')]);

  it('holds for every import in functions/ and lib/', () => {
    expect(tree.size).toBeGreaterThan(100);
    expect(violations(tree)).toEqual([]);
  });

  it('sees the imports it checks (the graph is not empty where it matters)', () => {
    const handler = tree.get('functions/forms/handlers/submit-form.ts') ?? [];
    expect(handler.map((edge) => edge.target)).toContain('functions/platform/http.ts');
    const automations = tree.get('functions/forms/automations.ts') ?? [];
    expect(automations.some((edge) => edge.target.startsWith('functions/service/'))).toBe(true);
  });

  it('builds every module-level schema of the models and platform inside a pure-annotated function', () => {
    const models = sourceFiles('functions').filter(
      (file) =>
        !/\/handlers\/|\/(routes|rules|schedules)\.ts$|^functions\/app\/|platform\/zod\.ts$/.test(file),
    );
    const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');
    const withSchemas = models.filter((file) => /from '\.{1,2}\/(platform\/)?zod\.ts'/.test(text(file)));
    expect(withSchemas.length).toBeGreaterThan(10);
    expect(withSchemas.flatMap((file) => unwrappedSchemas(file, text(file)))).toEqual([]);
    expect(
      unwrappedSchemas(
        'x.ts',
        "import * as z from './zod.ts';\nexport const A = z.string();\nconst B = A.check(z.minLength(1));",
      ),
    ).toHaveLength(2);
    expect(
      unwrappedSchemas(
        'x.ts',
        "export const A = /* @__PURE__ */ (() => z.string())();\nconst n = parseInt('1', 10);",
      ),
    ).toEqual([]);
  });

  it('catches platform/ importing an area', () => {
    expect(
      violations(graphOf({ 'functions/platform/http.ts': ['functions/accounts/account.ts'] })),
    ).toHaveLength(1);
  });

  it('catches an area importing lib/ or local/', () => {
    const graph = graphOf({ 'functions/sales/deal.ts': ['lib/function.ts', 'local/config.ts'] });
    expect(violations(graph)).toHaveLength(2);
  });

  it("catches a handler reaching into another area's internals, and lets the surfaces through", () => {
    const graph = graphOf({
      'functions/sales/handlers/create-deal.ts': [
        'functions/accounts/account-store.ts',
        'functions/accounts/services.ts',
        'functions/accounts/index.ts',
        'functions/sales/deal.ts',
        'functions/platform/http.ts',
      ],
      'functions/accounts/index.ts': [],
      'functions/accounts/services.ts': [],
    });
    expect(violations(graph)).toEqual([
      'functions/sales/handlers/create-deal.ts → functions/accounts/account-store.ts: another area is reached through its index.ts or services.ts',
    ]);
  });

  it('catches a pure surface that loads the table client, however indirectly', () => {
    const graph = graphOf({
      'functions/work/index.ts': ['functions/work/task.ts'],
      'functions/work/task.ts': ['functions/platform/store.ts'],
      'functions/platform/store.ts': ['functions/platform/table-name.ts'],
    });
    expect(violations(graph)).toEqual([
      'functions/work/index.ts reaches functions/platform/table-name.ts (functions/work/index.ts → functions/work/task.ts → functions/platform/store.ts → functions/platform/table-name.ts): index.ts is the pure surface',
    ]);
  });

  it('catches the stack reading an area directly', () => {
    const graph = graphOf({ 'lib/api.ts': ['functions/accounts/account.ts', 'functions/app/routes.ts'] });
    expect(violations(graph)).toHaveLength(1);
  });
});

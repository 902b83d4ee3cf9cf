import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * The import structure the code map promises: every folder under src/ is a feature (or a shared
 * part) that depends on others one way only, the machines in workflows/ import nothing from src/,
 * and no file imports itself through others. A cycle fails with the path it takes and the files
 * that make each step, so the fix (move a type to its owner, or let the owner register a provider)
 * can start from the message. Test files are left out: a spec may reach across folders.
 */
const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|db-spec)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The project file a relative import names, or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
    (candidate) => existsSync(candidate) && /\.(tsx?|json)$/.test(candidate),
  );
  return found ?? null;
}

const rel = (file: string) => relative(ROOT, file).split(sep).join('/');

/** File → files it imports (value and type imports, re-exports and dynamic imports alike). */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'workflows'))]) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName);
      if (target) targets.add(rel(target));
    }
    graph.set(rel(file), targets);
  }
  return graph;
}

/**
 * The composition root: the files directly under src/ (the app module, the reactions, the
 * workflow list) and the ORM's assembly in src/orm (the entity list, the ORM options built from
 * it, the database module, the migration runner). Assembling the application means importing
 * every feature, so these count as one node, `src`; what the features themselves may use from
 * src/database (the dialect, the Tx handle, the SQL-snapshot decorator, the scratch database) is
 * a leaf below them. A feature importing a root file would show up as a cycle through `src`.
 */
const COMPOSITION_FOLDERS = ['src/orm/'];

/** `src/evaluation/assignment/x.ts` → `src/evaluation`; root files (see above) are `src`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0];
  if (COMPOSITION_FOLDERS.some((folder) => file.startsWith(folder))) return 'src';
  return parts.length > 2 ? `src/${parts[1]}` : 'src';
}

interface Graph {
  nodes: string[];
  next: (node: string) => string[];
}

/** Strongly connected components of more than one node (Tarjan). */
function components(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.nodes].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** One shortest cycle through each edge of each component, without repeats: a → b → … → a. */
function cycles(graph: Graph): string[][] {
  const result = new Map<string, string[]>();
  for (const component of components(graph)) {
    const inside = new Set(component);
    for (const a of component) {
      for (const b of graph.next(a).filter((n) => inside.has(n))) {
        // Breadth-first from b back to a, inside the component.
        const previous = new Map<string, string>([[b, '']]);
        const queue = [b];
        while (queue.length && !previous.has(a)) {
          const v = queue.shift()!;
          for (const w of graph.next(v)) {
            if (inside.has(w) && !previous.has(w)) {
              previous.set(w, v);
              queue.push(w);
            }
          }
        }
        const path = [a];
        for (let v = previous.get(a)!; v !== ''; v = previous.get(v)!) path.push(v);
        const loop = [a, ...path.slice(1).reverse()];
        const start = loop.indexOf([...loop].sort()[0]);
        const canonical = [...loop.slice(start), ...loop.slice(0, start)];
        result.set(canonical.join(' → '), canonical);
      }
    }
  }
  return [...result.values()];
}

const files = importGraph();

/**
 * Folder edges that still close a cycle today, each with why it is not yet cut; the test fails on
 * any other cycle, and on an entry that no longer closes one (delete it then). AuthUser and the
 * route decorators live in the leaf src/access, so controllers take them without importing
 * src/auth (which needs the users, the security log and, through it, the audit chain).
 */
const KNOWN_CYCLE_EDGES: Record<string, string> = {};

/** Import circles between files still open; none today, and a new one fails the test below. */
const KNOWN_FILE_CIRCLES: string[] = [];

/**
 * Who may hold an EntityManager (ADR 0009): repositories ask the database, the runner owns
 * workflow state, src/database hands out transactions and src/orm assembles the ORM, entities declare
 * tables. Everything else, services above all, holds an opaque `Tx` and passes it on.
 */
function mayQuery(file: string): boolean {
  return (
    /\.repository\.ts$/.test(file) ||
    /\.entity\.ts$/.test(file) ||
    file.startsWith('src/database/') ||
    file.startsWith('src/orm/') ||
    file === 'src/workflow/workflow-runner.service.ts'
  );
}

const QUERYING =
  /import[^;]*\b(EntityManager|SqlEntityManager|EntityRepository)\b[^;]*from '@mikro-orm\/|\bemOf\(/;

/** Files that still query outside a repository; each leaves the list when its queries move. */
const KNOWN_QUERYING_FILES: string[] = [];

/** Production files that may be longer than 400 lines: the machine and the runner (the issue's exceptions). */
const LONG_FILE_EXCEPTIONS = [
  'workflows/achievement.machine.ts',
  'src/workflow/workflow-runner.service.ts',
];

/** Files still over 400 lines, each to be split by responsibility; it leaves the list then. */
const KNOWN_LONG_FILES: string[] = [];

/** Service classes still over 300 lines (a service that long is doing two jobs). */
const KNOWN_LONG_SERVICES: string[] = [];

function lineCount(file: string): number {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').length;
}

/** `file:Class` → lines, for every class whose name ends in Service. */
function serviceClassLengths(): Map<string, number> {
  const lengths = new Map<string, number>();
  for (const file of files.keys()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    if (!/class \w+Service\b/.test(text)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (ts.isClassDeclaration(node) && node.name && /Service$/.test(node.name.text)) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        lengths.set(`${file}:${node.name.text}`, end - start + 1);
      }
    });
  }
  return lengths;
}

/** Folder → folder it imports → the import lines (file → file) that make the edge. */
const folderEdges = new Map<string, Map<string, string[]>>();
for (const [file, targets] of files) {
  for (const target of targets) {
    const [from, to] = [folderOf(file), folderOf(target)];
    if (from === to) continue;
    const edges = folderEdges.get(from) ?? new Map<string, string[]>();
    folderEdges.set(from, edges);
    edges.set(to, [...(edges.get(to) ?? []), `${file} → ${target}`]);
  }
}

function describeFolderCycle(loop: string[]): string {
  const steps = loop.map((from, i) => {
    const to = loop[(i + 1) % loop.length];
    const lines = folderEdges.get(from)!.get(to)!;
    return `  ${from} → ${to}:\n${lines.map((l) => `      ${l}`).join('\n')}`;
  });
  return `${[...loop, loop[0]].join(' → ')}\n${steps.join('\n')}`;
}

describe('architecture', () => {
  it('keeps the machines in workflows/ free of src/', () => {
    const reaching = [...files]
      .filter(([file]) => file.startsWith('workflows/'))
      .flatMap(([file, targets]) =>
        [...targets].filter((t) => !t.startsWith('workflows/')).map((t) => `${file} → ${t}`),
      );
    expect(reaching).toEqual([]);
  });

  it('has no folder-level import cycle', () => {
    const folders = new Set([
      ...folderEdges.keys(),
      ...[...folderEdges.values()].flatMap((m) => [...m.keys()]),
    ]);
    const next = (folder: string) =>
      [...(folderEdges.get(folder)?.keys() ?? [])]
        .filter((to) => !(`${folder} → ${to}` in KNOWN_CYCLE_EDGES))
        .sort();
    const found = cycles({ nodes: [...folders], next });
    expect(found.map(describeFolderCycle)).toEqual([]);
    // Each known edge still exists and still closes a cycle; once cut, it leaves the list.
    const reaches = (from: string, to: string) => {
      const seen = new Set([from]);
      const queue = [from];
      while (queue.length) {
        for (const w of next(queue.shift()!)) {
          if (w === to) return true;
          if (!seen.has(w)) {
            seen.add(w);
            queue.push(w);
          }
        }
      }
      return false;
    };
    const stale = Object.keys(KNOWN_CYCLE_EDGES).filter((edge) => {
      const [from, to] = edge.split(' → ');
      return !folderEdges.get(from)?.has(to) || !reaches(to, from);
    });
    expect(stale).toEqual([]);
  });

  it('has no import circle between files', () => {
    const found = cycles({
      nodes: [...files.keys()],
      next: (file) => [...(files.get(file) ?? [])].filter((t) => files.has(t)).sort(),
    });
    const open = found.map((loop) => [...loop, loop[0]].join(' → '));
    expect(open.filter((circle) => !KNOWN_FILE_CIRCLES.includes(circle))).toEqual([]);
    expect(KNOWN_FILE_CIRCLES.filter((circle) => !open.includes(circle))).toEqual([]);
  });
  it('keeps the EntityManager in repositories, the runner and src/database', () => {
    const querying = [...files.keys()]
      .filter((file) => !mayQuery(file))
      .filter((file) => QUERYING.test(readFileSync(join(ROOT, file), 'utf8')))
      .sort();
    expect(querying.filter((file) => !KNOWN_QUERYING_FILES.includes(file))).toEqual([]);
    expect(KNOWN_QUERYING_FILES.filter((file) => !querying.includes(file))).toEqual([]);
  });

  it('keeps production files under 400 lines and service classes under 300', () => {
    const long = [...files.keys()]
      .filter((file) => !LONG_FILE_EXCEPTIONS.includes(file) && lineCount(file) > 400)
      .sort();
    expect(long.filter((file) => !KNOWN_LONG_FILES.includes(file))).toEqual([]);
    expect(KNOWN_LONG_FILES.filter((file) => !long.includes(file))).toEqual([]);
    const services = [...serviceClassLengths()]
      .filter(([, lines]) => lines > 300)
      .map(([name]) => name)
      .sort();
    expect(services.filter((name) => !KNOWN_LONG_SERVICES.includes(name))).toEqual([]);
    expect(KNOWN_LONG_SERVICES.filter((name) => !services.includes(name))).toEqual([]);
  });
});

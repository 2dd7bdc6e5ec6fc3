// `ziggurat create <dir> [--scaffold name]`: a new project from one of the framework's scaffolds.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ZigguratError } from '../errors.js';
import type { CliCommand, CliIO } from './command.js';
import { copyScaffold } from './create-copy.js';
import { type FrameworkInfo, frameworkInfo, zigguratDependency } from './create-framework.js';
import { projectName, projectTitle } from './create-names.js';

/** The scaffold `ziggurat create` uses when none is named (`ziggurat create blog` is a starter app). */
export const DEFAULT_SCAFFOLD = 'starter';

/**
 * `ziggurat create` was asked for an unknown scaffold, or to write into a directory that is not empty.
 * @example try { createProject({ target: 'blog' }) } catch (err) { if (err instanceof ScaffoldError) ... }
 */
export class ScaffoldError extends ZigguratError {
  constructor(message: string) {
    super('ZIG_ERR_SCAFFOLD', message);
  }
}

/** What `createProject` needs. */
export interface CreateOptions {
  /** The new project's directory (absolute, or relative to `cwd`). */
  target: string;
  /** The scaffold's name (a directory under the framework's `scaffolds/`), default `starter`. */
  scaffold?: string;
  cwd?: string;
  /** The framework to copy scaffolds from and depend on (default: the one running). */
  framework?: FrameworkInfo;
}

/** What `createProject` made. */
export interface CreatedProject {
  directory: string;
  name: string;
  title: string;
  scaffold: string;
  /** The `ziggurat` dependency written to package.json. */
  dependency: string;
  /** Whether the project has an `initdb` script (`npm run initdb` prepares its database). */
  initdb: boolean;
  files: string[];
}

/**
 * The scaffolds a framework ships: the directories under `scaffolds/` holding a package.json.
 * @example knownScaffolds() // ['starter', 'traversal']
 */
export function knownScaffolds(framework: FrameworkInfo = frameworkInfo()): string[] {
  const directory = join(framework.root, 'scaffolds');
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
}

function checkTarget(directory: string): void {
  if (!existsSync(directory)) return;
  if (!statSync(directory).isDirectory())
    throw new ScaffoldError(`${directory} exists and is not a directory`);
  if (readdirSync(directory).length > 0) {
    throw new ScaffoldError(`${directory} exists and is not empty; choose a new or empty directory`);
  }
}

/** Point the project's `ziggurat` dependency at this framework; returns its scripts' names. */
function writeDependency(directory: string, dependency: string): string[] {
  const file = join(directory, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.dependencies = { ...pkg.dependencies, ziggurat: dependency };
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  return Object.keys(pkg.scripts ?? {});
}

/**
 * Make a new project: copy the scaffold, fill in its name and title, point its `ziggurat`
 * dependency at this framework. Throws `ScaffoldError` for an unknown scaffold or a non-empty target.
 * @example const project = createProject({ target: 'blog', scaffold: 'traversal' });
 */
export function createProject(options: CreateOptions): CreatedProject {
  const framework = options.framework ?? frameworkInfo();
  const scaffold = options.scaffold ?? DEFAULT_SCAFFOLD;
  const known = knownScaffolds(framework);
  if (!known.includes(scaffold)) {
    throw new ScaffoldError(`unknown scaffold '${scaffold}'; the scaffolds are: ${known.join(', ')}`);
  }
  const directory = resolve(options.cwd ?? process.cwd(), options.target);
  checkTarget(directory);
  const name = projectName(basename(directory));
  const title = projectTitle(name);
  const source = join(framework.root, 'scaffolds', scaffold);
  const files = copyScaffold(source, directory, { __PROJECT_NAME__: name, __PROJECT_TITLE__: title });
  const dependency = zigguratDependency(framework);
  const scripts = writeDependency(directory, dependency);
  return { directory, name, title, scaffold, dependency, files, initdb: scripts.includes('initdb') };
}

const USAGE = `usage: ziggurat create <dir> [--scaffold <name>]

Make a new app in <dir> (which must not exist, or be empty) from a scaffold.

options:
  -s, --scaffold <name>  starter (default): routes, Handlebars pages, static CSS, tests
                         traversal: a resource tree with context views, forms and an ACL
                         sql: a SQL database (SQLite) with a model, migrations and initdb
  -h, --help             show this help
`;

function shellPath(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

function nextSteps(project: CreatedProject, cwd: string): string {
  const fromCwd = relative(cwd, project.directory);
  const shown =
    fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? project.directory : fromCwd;
  return [
    `Created ${project.name} in ${project.directory} from the ${project.scaffold} scaffold.`,
    '',
    'Next steps:',
    `  cd ${shellPath(shown)}`,
    '  npm install',
    ...(project.initdb ? ['  npm run initdb   # create the database and its first rows'] : []),
    '  npm test',
    '  npm start      # then open http://127.0.0.1:6543/',
    '',
    ...(project.dependency.startsWith('file:')
      ? [
          `The app depends on Ziggurat at ${project.dependency} (run npm run build there after changing it).`,
          '',
        ]
      : []),
  ].join('\n');
}

function usageError(io: CliIO, message: string): number {
  io.stderr.write(`ziggurat create: ${message}\n${USAGE}`);
  return 2;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { scaffold: { type: 'string', short: 's' }, help: { type: 'boolean', short: 'h' } },
  });
}

/**
 * The `create` sub-command, for the `ziggurat` dispatcher.
 * @example await createCommand.run(['blog', '--scaffold', 'traversal'], { stdout, stderr, cwd, env });
 */
export const createCommand: CliCommand = {
  name: 'create',
  summary: 'make a new app from a scaffold (starter, traversal, sql)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      return usageError(io, (error as Error).message.split('\n')[0] ?? 'bad arguments');
    }
    if (parsed.values.help) {
      io.stdout.write(USAGE);
      return 0;
    }
    const [target, ...extra] = parsed.positionals;
    if (target === undefined) return usageError(io, 'missing the directory to create');
    if (extra.length > 0) return usageError(io, `unexpected argument '${extra[0]}'`);
    try {
      const project = createProject({ target, scaffold: parsed.values.scaffold, cwd: io.cwd });
      io.stdout.write(nextSteps(project, io.cwd));
      return 0;
    } catch (error) {
      if (!(error instanceof ScaffoldError)) throw error;
      io.stderr.write(`ziggurat create: ${error.message}\n`);
      return 2;
    }
  },
};

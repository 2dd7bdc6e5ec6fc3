// Where the running framework lives, and how a new project's package.json should depend on it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The framework's root directory and version, as `ziggurat create` sees them. */
export interface FrameworkInfo {
  root: string;
  version: string;
}

function packageAt(directory: string): { name?: string; version?: string } | undefined {
  const file = join(directory, 'package.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The root of the framework this module belongs to: the nearest directory up whose package.json
 * is named `ziggurat` (this file runs from `dist/lib/cli/` or, in the framework's tests, `build/lib/cli/`).
 * @example frameworkInfo().root // '/home/ada/ziggurat'
 */
export function frameworkInfo(from: string = fileURLToPath(import.meta.url)): FrameworkInfo {
  let directory = dirname(from);
  for (;;) {
    const pkg = packageAt(directory);
    if (pkg?.name === 'ziggurat') return { root: directory, version: pkg.version ?? '0.0.0' };
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No ziggurat package.json above ${from}`);
    directory = parent;
  }
}

/**
 * The `ziggurat` dependency of a new project: `file:<root>` when the framework is a checkout (it has
 * a `.git`, or it is not inside a `node_modules`), else `^<version>` from the registry.
 * @example zigguratDependency({ root: '/src/ziggurat', version: '0.1.0' }) // 'file:/src/ziggurat'
 */
export function zigguratDependency(framework: FrameworkInfo): string {
  const checkout =
    existsSync(join(framework.root, '.git')) || !framework.root.split(sep).includes('node_modules');
  return checkout ? `file:${framework.root}` : `^${framework.version}`;
}

// Loads the example wiki (examples/wiki, built by `npm run build:wiki`) for the tests that drive it.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Configurator } from '../../lib/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const wiki = join(root, 'examples/wiki');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** A secret for the tests' sessions. */
export const SECRET = 'wiki-test-secret-0123456789-abcdefghijklmnop';

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * Compile the wiki when its build is missing or older than its sources or the framework's dist/
 * (`npm test` builds both first, in its pretest step, so parallel test files never compile at once).
 */
async function buildWiki(): Promise<void> {
  const output = join(wiki, 'dist/app.js');
  if (!existsSync(join(root, 'dist/addons/sql/index.js'))) {
    await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
  }
  const sources = Math.max(newest(join(wiki, 'src')), newest(join(root, 'dist')));
  if (existsSync(output) && statSync(output).mtimeMs >= sources) return;
  await promisify(execFile)(process.execPath, [tsc, '-p', 'examples/wiki/tsconfig.json'], {
    cwd: root,
  }).catch((error: { stdout?: string }) => {
    throw new Error(`The example wiki does not compile:\n${error.stdout ?? String(error)}`);
  });
}

/** The wiki's main(settings), freshly built. */
export async function wikiMain(): Promise<(settings: Record<string, unknown>) => Configurator> {
  await buildWiki();
  const module = await import(pathToFileURL(join(wiki, 'dist/app.js')).href);
  return module.main;
}

/** A wiki app on a private in-memory database (or `sql.url` given), migrated and seeded. */
export async function makeWiki(settings: Record<string, unknown> = {}): Promise<FastifyInstance> {
  const main = await wikiMain();
  return main({ 'sql.url': 'sqlite::memory:', 'session.secret': SECRET, ...settings }).makeApp();
}

/** A module of the built wiki, such as `wikiwords.js`. */
export async function wikiModule<T>(name: string): Promise<T> {
  await buildWiki();
  return import(pathToFileURL(join(wiki, 'dist', name)).href);
}

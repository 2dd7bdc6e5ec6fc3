// One Handlebars environment per app: template lookup, compile-once caching, partials, reload.
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { assetPath, overriddenPaths, type Registry, ZigguratError } from '../../lib/index.js';
import { registerBuiltinHelpersFor } from './helpers.js';
import { type CheckedSource, checkPartials, fileSource, scanPartials, textSource } from './partial-check.js';

type Template = Handlebars.TemplateDelegate;

interface Compiled {
  readonly template: Template;
  readonly mtimeMs: number;
}

const EXTENSION = /\.hbs$/;

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A template error that names the file and, when Handlebars knows it, the line. */
export function templateError(path: string, error: unknown, doing: string): ZigguratError {
  const message = error instanceof Error ? error.message : String(error);
  const line = (error as { lineNumber?: number }).lineNumber;
  const where = line === undefined || message.includes(`line ${line}`) ? path : `${path}:${line}`;
  return new ZigguratError('ZIG_ERR_TEMPLATE', `${doing} ${where}: ${message}`, { cause: error });
}

function partialFiles(directory: string, below = ''): Array<[string, string]> {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(directory, below), { withFileTypes: true });
  } catch {
    return [];
  }
  const found: Array<[string, string]> = [];
  for (const entry of entries) {
    const name = below === '' ? entry.name : `${below}/${entry.name}`;
    if (entry.isDirectory()) found.push(...partialFiles(directory, name));
    else if (EXTENSION.test(entry.name)) found.push([name.replace(EXTENSION, ''), join(directory, name)]);
  }
  return found;
}

/** Templates and partials of one app. */
export class TemplateEnvironment {
  readonly handlebars: typeof Handlebars = Handlebars.create();
  readonly #registry: Registry;
  readonly #directories: string[];
  readonly #reload: boolean;
  readonly #cache = new Map<string, Compiled>();
  /** Partials from files: name → [path, mtime]. */
  #partialFiles = new Map<string, [string, number]>();
  /** What each registered partial says about partials, for the check of the templates using it. */
  readonly #partialSources = new Map<string, CheckedSource>();

  constructor(registry: Registry, directories: readonly string[], reload: boolean) {
    this.#registry = registry;
    this.#directories = directories.map((directory) => assetPath(directory));
    this.#reload = reload;
  }

  /** The file a renderer name means: absolute, or the first match under the template directories. */
  find(name: string): string {
    const candidates =
      isAbsolute(name) || name.startsWith('file:')
        ? [assetPath(name)]
        : this.#directories.map((dir) => resolve(dir, name));
    for (const candidate of candidates) {
      for (const path of overriddenPaths(this.#registry, candidate)) if (isFile(path)) return path;
    }
    const searched = isAbsolute(name)
      ? ''
      : ` (looked in ${this.#directories.join(', ') || 'no directories: set handlebars.directories'})`;
    throw new ZigguratError('ZIG_ERR_TEMPLATE_NOT_FOUND', `Template '${name}' not found${searched}`);
  }

  /** The compiled template at `path`: compiled once, or again when it changed and reload is on. */
  template(path: string): Template {
    const cached = this.#cache.get(path);
    if (cached && (!this.#reload || cached.mtimeMs === mtimeOf(path))) return cached.template;
    const compiled = { template: this.#compile(path), mtimeMs: mtimeOf(path) };
    this.#cache.set(path, compiled);
    return compiled.template;
  }

  #compile(path: string): Template {
    const source = readFileSync(path, 'utf8');
    let ast: hbs.AST.Program;
    try {
      // Parsing now reports syntax errors at commit (compile alone defers them to the first render).
      ast = this.handlebars.parse(source);
    } catch (error) {
      throw templateError(path, error, 'Cannot compile');
    }
    this.#checkPartials(fileSource(path, scanPartials(ast)));
    registerBuiltinHelpersFor(this.handlebars, source);
    return this.handlebars.compile(ast, { strict: false });
  }

  /** Fail now, not at the first render, when the template (or a partial it uses) names a missing partial. */
  #checkPartials(template: CheckedSource): void {
    const registered = Object.keys(this.handlebars.partials);
    checkPartials(
      template,
      (name) =>
        this.#partialSources.get(name) ??
        (name in this.handlebars.partials ? textSource(name, { uses: [], inline: new Set() }) : null),
      registered,
    );
  }

  /** Register the partials found under `partials/` in every template directory (overrides first). */
  loadPartials(): void {
    const found = new Map<string, [string, number]>();
    for (const directory of [...this.#directories].reverse()) {
      for (const root of [...overriddenPaths(this.#registry, join(directory, 'partials'))].reverse()) {
        for (const [name, path] of partialFiles(root)) found.set(name, [path, mtimeOf(path)]);
      }
    }
    for (const [name, [path]] of found) this.#registerPartialFile(name, path);
    this.#partialFiles = found;
  }

  #registerPartialFile(name: string, path: string): void {
    this.registerPartial(name, readFileSync(path, 'utf8'), path);
  }

  /**
   * Register a partial from source (and the built-in helpers it uses); `path` is its file, if any.
   * It is parsed now, so a syntax error fails the commit.
   */
  registerPartial(name: string, source: string, path: string | null = null): void {
    let ast: hbs.AST.Program;
    try {
      ast = this.handlebars.parse(source);
    } catch (error) {
      throw templateError(path ?? `partial '${name}'`, error, 'Cannot compile partial');
    }
    const scan = scanPartials(ast);
    this.#partialSources.set(name, path === null ? textSource(name, scan) : fileSource(path, scan));
    registerBuiltinHelpersFor(this.handlebars, source);
    this.handlebars.registerPartial(name, source);
  }

  /** With reload on: re-register partial files that changed since they were read. */
  refreshPartials(): void {
    if (!this.#reload) return;
    for (const [name, [path, mtime]] of this.#partialFiles) {
      const now = mtimeOf(path);
      if (now === mtime) continue;
      this.#registerPartialFile(name, path);
      this.#partialFiles.set(name, [path, now]);
    }
  }

  get reload(): boolean {
    return this.#reload;
  }
}

// Copies a scaffold directory into a new project, filling placeholders in its text files.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files that npm would drop from a published package, so scaffolds ship them under another name. */
const RENAMES: Readonly<Record<string, string>> = { _gitignore: '.gitignore' };

/** What never comes along from a scaffold directory (left there by trying the scaffold in place). */
const SKIPPED = new Set(['node_modules', 'dist', 'package-lock.json', '.DS_Store']);

function isText(content: Buffer): boolean {
  return !content.subarray(0, 8000).includes(0);
}

function fill(text: string, replacements: Readonly<Record<string, string>>): string {
  let result = text;
  for (const [placeholder, value] of Object.entries(replacements))
    result = result.replaceAll(placeholder, value);
  return result;
}

/**
 * Copy `from` into `to` (created as needed), replacing each placeholder key by its value in every text
 * file, and renaming `_gitignore` to `.gitignore`. Returns the created files, relative to `to`.
 * @example copyScaffold('scaffolds/starter', 'blog', { __PROJECT_NAME__: 'blog' })
 */
export function copyScaffold(
  from: string,
  to: string,
  replacements: Readonly<Record<string, string>>,
  prefix = '',
): string[] {
  mkdirSync(to, { recursive: true });
  const created: string[] = [];
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const name = RENAMES[entry.name] ?? entry.name;
    const source = join(from, entry.name);
    if (entry.isDirectory()) {
      created.push(...copyScaffold(source, join(to, name), replacements, `${prefix}${name}/`));
    } else if (entry.isFile()) {
      const content = readFileSync(source);
      writeFileSync(join(to, name), isText(content) ? fill(content.toString('utf8'), replacements) : content);
      created.push(`${prefix}${name}`);
    }
  }
  return created;
}

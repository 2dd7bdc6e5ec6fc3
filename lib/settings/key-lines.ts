// Where each section and key of a settings file is: the ini parser keeps no line numbers, messages need them.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The lines (1-based) of a settings file's sections and keys; a repeated key has its last line. */
export interface SettingsFileLines {
  /** Each section's header line, by the section's name. */
  readonly sections: ReadonlyMap<string, number>;
  /** Each key's line, by section (`''` for keys above the first section), then by key. */
  readonly keys: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

// The same grammar as the ini package's decode: `[section]`, or `key` with an optional `= value`.
const SECTION = /^\[([^\]]*)\]\s*$/;
const KEY = /^([^=]+)(=.*)?$/;
const COMMENT = /^\s*[;#]/;

function unquoted(text: string): string {
  const trimmed = text.trim();
  return /^(['"]).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/**
 * Find the sections and keys of settings file text, with their lines.
 * @example settingsFileLines('[app]\nuse = ./app.js\n').keys.get('app')?.get('use') // 2
 */
export function settingsFileLines(text: string): SettingsFileLines {
  const sections = new Map<string, number>();
  const keys = new Map<string, Map<string, number>>([['', new Map()]]);
  let current = keys.get('') as Map<string, number>;
  text.split(/\r?\n|\r/).forEach((line, index) => {
    if (line.trim() === '' || COMMENT.test(line)) return;
    const section = SECTION.exec(line);
    if (section) {
      const name = unquoted(section[1] ?? '');
      sections.set(name, index + 1);
      current = keys.get(name) ?? new Map();
      keys.set(name, current);
      return;
    }
    const key = KEY.exec(line);
    if (key) current.set(unquoted(key[1] ?? '').replace(/\[\]$/, ''), index + 1);
  });
  return { sections, keys };
}

/** The sections and keys of a settings file, or none when it cannot be read. */
export function readSettingsFileLines(file: string): SettingsFileLines {
  try {
    return settingsFileLines(readFileSync(file, 'utf8'));
  } catch {
    return { sections: new Map(), keys: new Map() };
  }
}

/** `file:line` for messages: the file relative to the working directory when it is below it. */
export function fileLocation(file: string, line: number | undefined): string {
  const shown = relative(process.cwd(), file);
  const path = shown === '' || shown.startsWith('..') ? file : shown;
  return line === undefined ? path : `${path}:${line}`;
}

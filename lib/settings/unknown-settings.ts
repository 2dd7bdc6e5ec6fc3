// Settings nothing reads, found at start-up: keys of a namespace Ziggurat or an add-on declared, and the parts
// of a settings file the loader ignores; each a warning naming where it is and the closest known name.
import { closestName } from '../errors.js';
import type { Settings } from '../types.js';
import { fileLocation, type SettingsFileLines } from './key-lines.js';

/** A setting nothing reads: most likely a typo. */
export interface SettingsWarning {
  /** The unknown key (`handlebars.reloda`), or section (`[sever]`). */
  readonly key: string;
  /** `development.ini:12` when it came from a settings file, else null. */
  readonly location: string | null;
  /** The known key or section it most likely meant, or null. */
  readonly suggestion: string | null;
  /** The whole warning, for people. */
  readonly message: string;
}

/** The sections a settings file may have. */
export const SETTINGS_SECTIONS: readonly string[] = ['app', 'server', 'logging'];
/** The keys of the `[logging]` section besides logger namespaces (the `[server]` ones are SERVER_KEYS). */
export const LOGGING_KEYS: readonly string[] = ['level', 'pretty'];

/**
 * Whether a `[logging]` key names a logger namespace (`ziggurat.addons.sql`, `myapp`): any key but
 * `level` and `pretty` and the names so close to them that they are most likely typos of them (`levle`).
 * @example isLoggerNamespace('ziggurat.addons.sql') // true
 */
export function isLoggerNamespace(key: string): boolean {
  return !LOGGING_KEYS.includes(key) && (key.includes('.') || closestName(key, LOGGING_KEYS) === null);
}

/** Where the settings of a settings file came from: carried on the settings object main(settings) gets. */
interface SettingsSource {
  readonly file: string;
  /** The `[app]` keys' lines. */
  readonly lines: ReadonlyMap<string, number>;
  /** What is wrong with the file itself (unknown sections...), reported with the keys' warnings. */
  readonly fileWarnings: readonly SettingsWarning[];
}

// An enumerable symbol: `{ ...settings }` in main() keeps it, Object.keys and JSON never show it.
const SOURCE = Symbol('ziggurat.settingsSource');

function warning(
  key: string,
  location: string | null,
  suggestion: string | null,
  text: string,
): SettingsWarning {
  return { key, location, suggestion, message: location === null ? text : `${location}: ${text}` };
}

/**
 * Record on the `[app]` settings of a settings file where they came from, so that commit names the
 * file and line of an unknown key, and reports the file's own warnings.
 */
export function markSettingsSource(
  settings: Settings,
  file: string,
  lines: SettingsFileLines,
  fileWarnings: readonly SettingsWarning[],
): void {
  const source: SettingsSource = { file, lines: lines.keys.get('app') ?? new Map(), fileWarnings };
  (settings as Record<symbol, unknown>)[SOURCE] = source;
}

/** The warnings about the settings file `settings` came from (unknown sections...), if any. */
export function fileWarningsOf(settings: Settings): readonly SettingsWarning[] {
  return ((settings as Record<symbol, unknown>)[SOURCE] as SettingsSource | undefined)?.fileWarnings ?? [];
}

/**
 * The keys of `settings` in a declared namespace that the namespace does not declare, with the
 * closest declared key. Keys of namespaces nobody declared (an app's own, `app.*`) are not checked.
 * @example unknownSettings({ 'handlebars.reloda': 'true' }, new Map([['handlebars', new Set(['reload'])]]))
 */
export function unknownSettings(
  settings: Settings,
  namespaces: ReadonlyMap<string, ReadonlySet<string>>,
): SettingsWarning[] {
  const source = (settings as Record<symbol, unknown>)[SOURCE] as SettingsSource | undefined;
  const found: SettingsWarning[] = [];
  for (const key of Object.keys(settings)) {
    const dot = key.indexOf('.');
    const known = dot === -1 ? undefined : namespaces.get(key.slice(0, dot));
    if (known === undefined || known.has(key.slice(dot + 1))) continue;
    const namespace = key.slice(0, dot);
    const closest = closestName(key.slice(dot + 1), known);
    const suggestion = closest === null ? null : `${namespace}.${closest}`;
    const hint =
      suggestion === null
        ? ` (the ${namespace} settings: ${[...known].sort().join(', ')})`
        : ` (did you mean '${suggestion}'?)`;
    const line = source?.lines.get(key);
    const location = source === undefined ? null : fileLocation(source.file, line);
    found.push(warning(key, location, suggestion, `unknown setting '${key}', ignored${hint}`));
  }
  return found;
}

function didYouMean(suggestion: string | null, shown: string): string {
  return suggestion === null ? '' : ` (did you mean ${shown}?)`;
}

/**
 * What a settings file holds that the loader ignores: sections other than `[app]`, `[server]` and
 * `[logging]`, unknown `[logging]` keys, and keys above the first section. (An unknown `[server]`
 * key is an error, since the server's settings decide how it listens.)
 */
export function settingsFileWarnings(file: string, lines: SettingsFileLines): SettingsWarning[] {
  const found: SettingsWarning[] = [];
  for (const [section, line] of lines.sections) {
    if (SETTINGS_SECTIONS.includes(section)) continue;
    const closest = closestName(section, SETTINGS_SECTIONS);
    const text = `unknown section [${section}], ignored${didYouMean(closest, `[${closest}]`)} (sections: [app], [server], [logging])`;
    found.push(warning(`[${section}]`, fileLocation(file, line), closest && `[${closest}]`, text));
  }
  for (const [key, line] of lines.keys.get('logging') ?? []) {
    if (LOGGING_KEYS.includes(key) || isLoggerNamespace(key)) continue;
    const closest = closestName(key, LOGGING_KEYS);
    const text = `unknown setting '${key}' in [logging], ignored${didYouMean(closest, `'${closest}'`)} (known: ${LOGGING_KEYS.join(', ')})`;
    found.push(warning(key, fileLocation(file, line), closest, text));
  }
  for (const [key, line] of lines.keys.get('') ?? []) {
    const text = `'${key}' is above the first section, ignored (app settings go under [app])`;
    found.push(warning(key, fileLocation(file, line), null, text));
  }
  return found;
}

// Compiled locations mapped back to the TypeScript source, through the source map tsc writes beside each file.
// Node maps stack traces itself only for modules loaded after source maps were enabled (`ziggurat` enables
// them first; plain `node` needs --enable-source-maps); reading the map here makes configuration errors and
// introspection name the .ts line however the process was started.
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A place in a source file: its absolute path and 1-based line. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
}

interface LoadedMap {
  readonly map: SourceMap;
  /** The URL the map's `sources` are relative to (its own URL, with `sourceRoot` applied). */
  readonly base: URL;
}

const COMPILED = /\.[cm]?js$/;
const MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;
const DATA_URL = /^data:application\/json[^,]*?(;base64)?,(.*)$/s;
/** One entry per compiled file asked about (null: it has no usable map), read once. */
const maps = new Map<string, LoadedMap | null>();

function payloadOf(mappingUrl: string, fileUrl: URL): { payload: SourceMapPayload; url: URL } {
  const data = DATA_URL.exec(mappingUrl);
  if (data) {
    const body = data[1]
      ? Buffer.from(data[2] ?? '', 'base64').toString('utf8')
      : decodeURIComponent(data[2] ?? '');
    return { payload: JSON.parse(body), url: fileUrl };
  }
  const url = new URL(mappingUrl, fileUrl);
  return { payload: JSON.parse(readFileSync(fileURLToPath(url), 'utf8')), url };
}

function load(file: string): LoadedMap | null {
  try {
    const text = readFileSync(file, 'utf8');
    const found = MAPPING_URL.exec(text.slice(-4096)) ?? MAPPING_URL.exec(text);
    if (!found) return null;
    const { payload, url } = payloadOf(found[1] as string, pathToFileURL(file));
    const root = payload.sourceRoot ? payload.sourceRoot.replace(/\/?$/, '/') : '';
    return { map: new SourceMap(payload), base: new URL(root, url) };
  } catch {
    // No map, or one that cannot be read: the compiled location is reported as it is.
    return null;
  }
}

/**
 * The TypeScript (or other original) position of a compiled `.js` file's line and column (1-based, as
 * stack traces print them), or null when the file has no source map or the map does not cover it.
 * @example originalPosition('/app/dist/src/routes.js', 5, 10) // { file: '/app/src/routes.ts', line: 8 }
 */
export function originalPosition(file: string, line: number, column: number): SourcePosition | null {
  if (!COMPILED.test(file)) return null;
  let loaded = maps.get(file);
  if (loaded === undefined) maps.set(file, (loaded = load(file)));
  if (loaded === null) return null;
  const origin = loaded.map.findOrigin(line, column) as { fileName?: string; lineNumber?: number };
  if (origin.fileName === undefined || origin.lineNumber === undefined) return null;
  const source = new URL(origin.fileName, loaded.base);
  return {
    file: source.protocol === 'file:' ? fileURLToPath(source) : source.href,
    line: origin.lineNumber,
  };
}

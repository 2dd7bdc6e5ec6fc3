// The wrk load client (a C program): whether it is installed, running it, and reading its report.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadOrder, LoadResult } from './load.js';

/** Whether `wrk` can be run here. */
export function hasWrk(): boolean {
  const run = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  return run.error === undefined;
}

/**
 * A Lua string literal of `text`: printable ASCII as it is, anything else (quotes, backslashes,
 * control characters, every byte of a multi-byte UTF-8 character) as a decimal escape, which
 * wrk's LuaJIT reads back byte for byte.
 */
export function luaString(text: string): string {
  let literal = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const plain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    literal += plain ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${literal}"`;
}

/**
 * The Lua script that makes wrk send an order's method and body (wrk has no options for them; its
 * -H options give the headers), or null for a plain GET.
 */
export function wrkScript(order: LoadOrder): string | null {
  const lines: string[] = [];
  if (order.method !== undefined && order.method !== 'GET')
    lines.push(`wrk.method = ${luaString(order.method)}`);
  if (order.body !== undefined) lines.push(`wrk.body = ${luaString(order.body)}`);
  return lines.length === 0 ? null : `${lines.join('\n')}\n`;
}

/**
 * How long wrk waits for an answer before counting a timeout: autocannon's default. wrk's own (2 s)
 * is shorter than the pauses a busy virtual machine makes, and a timeout fails the run.
 */
const TIMEOUT_SECONDS = 10;

/**
 * wrk's arguments for an order: one thread (the clients share their CPUs), as many connections as
 * autocannon, its timeout, and the script file (see wrkScript) when the order needs one.
 */
export function wrkArguments(order: LoadOrder, scriptFile: string | null = null): string[] {
  const headers = Object.entries(order.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const script = scriptFile === null ? [] : ['-s', scriptFile];
  return [
    '-t1',
    `-c${order.connections}`,
    `-d${order.seconds}s`,
    '--timeout',
    `${TIMEOUT_SECONDS}s`,
    ...headers,
    ...script,
    order.url,
  ];
}

function counted(report: string, pattern: RegExp): number[] | null {
  const found = pattern.exec(report);
  return found ? found.slice(1).map(Number) : null;
}

/**
 * What a wrk report says: requests completed and their rate, socket errors (connect, read, write,
 * timeout), and the answers that were not 2xx or 3xx (wrk prints that line only when there are some).
 */
export function parseWrk(report: string): LoadResult {
  const total = counted(report, /(\d+) requests in /);
  const rate = counted(report, /Requests\/sec:\s+([\d.]+)/);
  if (total === null || rate === null) throw new Error(`Cannot read wrk's report:\n${report}`);
  const socket = counted(report, /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = counted(report, /Non-2xx or 3xx responses: (\d+)/);
  return {
    total: total[0] as number,
    perSecond: rate[0] as number,
    non2xx: non2xx?.[0] ?? 0,
    errors: socket?.reduce((sum, count) => sum + count, 0) ?? 0,
  };
}

/** Run wrk for one order. It inherits this process's CPU binding, so it runs where the client was placed. */
export function runWrk(order: LoadOrder): Promise<LoadResult> {
  const script = wrkScript(order);
  const directory = script === null ? null : mkdtempSync(join(tmpdir(), 'ziggurat-wrk-'));
  const scriptFile = directory === null ? null : join(directory, 'request.lua');
  if (scriptFile !== null) writeFileSync(scriptFile, script as string);
  return new Promise<LoadResult>((resolve, reject) => {
    execFile('wrk', wrkArguments(order, scriptFile), (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      else resolve(parseWrk(stdout));
    });
  }).finally(() => {
    if (directory !== null) rmSync(directory, { recursive: true, force: true });
  });
}

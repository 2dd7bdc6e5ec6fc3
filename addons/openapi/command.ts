// `ziggurat openapi [settings-file] [--output file]`: the OpenAPI add-on's contribution to the CLI.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppCommand } from '../../lib/index.js';
import { openApiDocument } from './document.js';

const USAGE = `usage: ziggurat openapi [settings-file] [--output file]

Print the app's OpenAPI 3.1 document (JSON), as the app serves it at 'openapi.path', for client
generators and API linters. With --output, write it to that file instead.
`;

function outputFile(args: readonly string[]): string | null | Error {
  if (args.length === 0) return null;
  const [option, file, ...extra] = args;
  if ((option === '--output' || option === '-o') && file !== undefined && extra.length === 0) return file;
  return new Error(`unexpected '${args.join(' ')}'`);
}

/**
 * The `openapi` sub-command, which the OpenAPI add-on contributes with `config.addCommand`.
 * @example
 * const exit = await openApiCommand.run([], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }, loaded);
 */
export const openApiCommand: AppCommand = {
  name: 'openapi',
  summary: "Print the app's OpenAPI 3.1 document (JSON)",
  usage: USAGE,
  async run(args, io, loaded) {
    const output = outputFile(args);
    if (output instanceof Error) {
      io.stderr.write(`ziggurat openapi: ${output.message}\n${USAGE}`);
      return 2;
    }
    const text = `${JSON.stringify(openApiDocument(loaded.registry), null, 2)}\n`;
    if (output === null) io.stdout.write(text);
    else writeFileSync(resolve(io.cwd, output), text);
    return 0;
  },
};

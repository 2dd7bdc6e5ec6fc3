// `ziggurat request <path>`: one request through the app in-process (app.inject), printing status, headers and body.
import { parseCommandArgs, parseHeaders, splitPositionals, UsageError } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';

const USAGE = `usage: ziggurat request [settings-file] <path> [--method M] [--header 'Name: value']... [--data body]

Send one request to the app in-process (no server) and print the status line, the response
headers and the body. Exits 0 for a status below 400, else 1.

options:
  --method M                 the request method (default GET, or POST with --data)
  --header 'Name: value'     a request header (repeatable)
  --data body                the request body
  -h, --help                 show this help
`;

const METHOD = /^[A-Za-z]+$/;

/** The `request` command. */
export const requestCommand: CliCommand = {
  name: 'request',
  summary: 'send one request in-process and print the response',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      method: { type: 'string' },
      header: { type: 'string', multiple: true },
      data: { type: 'string' },
    });
    const { file, rest } = splitPositionals(positionals, { min: 1, max: 1, names: '<path>' });
    const method = (values.method ?? (values.data === undefined ? 'GET' : 'POST')).toUpperCase();
    if (!METHOD.test(method)) throw new UsageError(`not a method: '${values.method}'`);
    const headers = parseHeaders(values.header);
    const path = rest[0] as string;
    return withApp(file, io, async ({ app }) => {
      const response = await app.inject({
        method: method as 'GET',
        url: path.startsWith('/') ? path : `/${path}`,
        headers,
        ...(values.data === undefined ? {} : { payload: values.data }),
      });
      const lines = [`${response.statusCode} ${response.statusMessage}`];
      for (const [name, value] of Object.entries(response.headers)) {
        for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
      }
      io.stdout.write(`${lines.join('\n')}\n\n${response.body}${response.body.endsWith('\n') ? '' : '\n'}`);
      return response.statusCode < 400 ? 0 : 1;
    });
  },
};

// `ziggurat request <path>`: one request through the app in-process (app.inject), printing status, headers and body.
import { parseCommandArgs, parseHeaders, splitPositionals, UsageError } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';

const USAGE = `usage: ziggurat request [settings-file] <path> [--method M] [--header 'Name: value']... [--data body | --json body]

Send one request to the app in-process (no server) and print the status line, the response
headers and the body. Exits 0 for a status below 400, else 1.

options:
  --method M                 the request method (default GET, or POST with a body)
  --header 'Name: value'     a request header (repeatable)
  --data body                a form body ('a=1&b=2'), sent as application/x-www-form-urlencoded
                             unless a Content-Type header says otherwise (as curl -d does)
  --json body                a JSON body, sent as application/json with Accept: application/json
  -h, --help                 show this help
`;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** The body and the headers it brings, as curl's -d and --json send them; the user's headers win. */
function bodyOf(
  values: { data?: string; json?: string },
  headers: Record<string, string>,
): { payload?: string; headers: Record<string, string> } {
  if (values.data !== undefined && values.json !== undefined)
    throw new UsageError('give the body with --data or with --json, not both');
  if (values.data !== undefined)
    return { payload: values.data, headers: { 'content-type': FORM, ...headers } };
  if (values.json !== undefined) {
    return { payload: values.json, headers: { 'content-type': JSON_TYPE, accept: JSON_TYPE, ...headers } };
  }
  return { headers };
}

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
      json: { type: 'string' },
    });
    const { file, rest } = splitPositionals(positionals, { min: 1, max: 1, names: '<path>' }, io.cwd);
    const body = bodyOf(values, parseHeaders(values.header));
    const method = (values.method ?? (body.payload === undefined ? 'GET' : 'POST')).toUpperCase();
    if (!METHOD.test(method)) throw new UsageError(`not a method: '${values.method}'`);
    const path = rest[0] as string;
    return withApp(file, io, async ({ app }) => {
      const response = await app.inject({
        method: method as 'GET',
        url: path.startsWith('/') ? path : `/${path}`,
        headers: body.headers,
        ...(body.payload === undefined ? {} : { payload: body.payload }),
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

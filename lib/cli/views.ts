// `ziggurat views <path>`: which route matches, what traversal finds, and each candidate view's predicates.
import {
  explainPath,
  type PathExplanation,
  type PredicateCheck,
  type StaticViewCheck,
} from '../introspection/index.js';
import { parseCommandArgs, parseHeaders, splitPositionals } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';
import { writeLines } from './output.js';

const USAGE = `usage: ziggurat views [settings-file] <path> [--method M] [--header 'Name: value']...

Explain how the app dispatches a path, without calling a view: the routes tried and their
predicates, the traversal result (context, view name, subpath), and every candidate view with
each predicate and whether it passed. The view marked * is the one that would answer. For a path
a static view serves: that static view, its directory and the file it would send.

options:
  --method M                 the request method (default GET)
  --header 'Name: value'     a request header, for header/accept predicates (repeatable)
  -h, --help                 show this help
`;

function verdicts(checks: readonly PredicateCheck[], indent: string): string[] {
  if (checks.length === 0) return [`${indent}(no predicates)`];
  return checks.map((check) => `${indent}${check.passed ? 'pass' : 'FAIL'}  ${check.text}`);
}

function routeLines(explained: PathExplanation): string[] {
  if (explained.routes.length === 0) return ['routes: no route pattern matches'];
  const lines = ['routes tried:'];
  for (const route of explained.routes) {
    const mark = route === explained.route ? '*' : '-';
    const state = route.matched ? `matchdict ${JSON.stringify(route.matchdict)}` : 'pattern does not match';
    lines.push(`  ${mark} ${route.name}  ${route.pattern}  ${state}`);
    if (route.matched) lines.push(...verdicts(route.predicates, '      '));
  }
  return lines;
}

function viewLines(explained: PathExplanation): string[] {
  if (explained.views.length === 0) return ['candidate views: none'];
  const lines = ['candidate views:'];
  for (const view of explained.views) {
    const where = [
      `context=${view.context ?? '*'}`,
      `name='${view.name}'`,
      view.permission ? `permission=${view.permission}` : '',
      view.renderer ? `renderer=${view.renderer}` : '',
    ].filter(Boolean);
    lines.push(`  ${view.selected ? '*' : '-'} ${view.callable}  ${where.join(' ')}  (${view.location})`);
    lines.push(...verdicts(view.checks, '      '));
  }
  return lines;
}

function staticLines(view: StaticViewCheck, cwd: string): string[] {
  const shown = (path: string) => (path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path);
  return [
    `static view: ${view.name}  ${view.pattern}  (${view.location})`,
    `directory: ${shown(view.directory)}`,
    `file: ${view.file === null ? 'none (no such file: 404)' : shown(view.file)}`,
  ];
}

/** The explanation as lines of text; paths below `cwd` are shown relative to it. */
export function formatExplanation(explained: PathExplanation, cwd = process.cwd()): string[] {
  const { traversal } = explained;
  if (explained.staticView !== null) {
    const head = `${explained.method} ${explained.path}`;
    return [head, ...staticLines(explained.staticView, cwd), `outcome: ${explained.outcome}`];
  }
  return [
    `${explained.method} ${explained.path}`,
    `route: ${explained.route ? `${explained.route.name} (${explained.route.pattern})` : 'none (traversal from the root)'}`,
    ...routeLines(explained),
    `context: ${traversal.context}`,
    `view name: '${traversal.viewName}'`,
    `subpath: ${JSON.stringify(traversal.subpath)}`,
    `traversed: ${JSON.stringify(traversal.traversed)}`,
    ...viewLines(explained),
    `outcome: ${explained.outcome}`,
  ];
}

/** The `views` command. */
export const viewsCommand: CliCommand = {
  name: 'views',
  summary: 'explain how a path dispatches: route, traversal, candidate views',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      method: { type: 'string' },
      header: { type: 'string', multiple: true },
    });
    const { file, rest } = splitPositionals(positionals, { min: 1, max: 1, names: '<path>' }, io.cwd);
    const headers = parseHeaders(values.header);
    return withApp(file, io, async ({ app }) => {
      const explained = await explainPath(app, rest[0] as string, {
        method: values.method ?? 'GET',
        headers,
      });
      writeLines(io.stdout, formatExplanation(explained, io.cwd));
      return 0;
    });
  },
};

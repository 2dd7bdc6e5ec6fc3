// The partials a template names, found with Handlebars' own parser and checked when it is compiled (at
// commit): a name no partial has fails, naming the template, the line and the partials that exist.
import Handlebars from 'handlebars';
import { namesByCloseness, ZigguratError } from '../../lib/index.js';

/** One `{{> name}}` or `{{#> name}}…{{/name}}` with a name fixed in the source. */
interface PartialUse {
  readonly name: string;
  readonly line: number;
}

/** What a template's source says about partials: those it uses, and those it defines inline. */
export interface PartialScan {
  readonly uses: readonly PartialUse[];
  readonly inline: ReadonlySet<string>;
}

/** A template or partial being checked: where a line of it is, for messages, and its scan. */
export interface CheckedSource {
  /** `/app/templates/home.hbs:3`, or `partial 'greeting' line 3` for a partial without a file. */
  at(line: number): string;
  readonly scan: PartialScan;
}

/** A source in a file: its lines are `path:line`. */
export function fileSource(path: string, scan: PartialScan): CheckedSource {
  return { at: (line) => `${path}:${line}`, scan };
}

/** A partial registered from text: its lines are `partial 'name' line n`. */
export function textSource(name: string, scan: PartialScan): CheckedSource {
  return { at: (line) => `partial '${name}' line ${line}`, scan };
}

const LISTED = 20;

/** The fixed name a partial call gives, or null for a dynamic one (`{{> (lookup …)}}`) or `@partial-block`. */
function staticName(name: hbs.AST.PathExpression | hbs.AST.SubExpression): string | null {
  if (name.type === 'PathExpression') return name.data ? null : name.original;
  if (name.type === 'SubExpression') return null;
  // A string or number literal: `{{> "forms/field"}}`.
  const literal = name as unknown as { original?: unknown; value?: unknown };
  return String(literal.original ?? literal.value);
}

class PartialScanner extends Handlebars.Visitor {
  readonly uses: PartialUse[] = [];
  readonly inline = new Set<string>();

  override PartialStatement(partial: hbs.AST.PartialStatement): void {
    this.#use(partial);
    super.PartialStatement(partial);
  }

  override PartialBlockStatement(partial: hbs.AST.PartialBlockStatement): void {
    this.#use(partial);
    super.PartialBlockStatement(partial);
  }

  override DecoratorBlock(decorator: hbs.AST.DecoratorBlock): void {
    const [first] = decorator.params;
    const path = decorator.path as hbs.AST.PathExpression;
    if (path.original === 'inline' && first?.type === 'StringLiteral') {
      this.inline.add(String((first as hbs.AST.StringLiteral).value));
    }
    super.DecoratorBlock(decorator);
  }

  #use(partial: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement): void {
    const name = staticName(partial.name);
    if (name !== null) this.uses.push({ name, line: partial.loc?.start.line ?? 0 });
  }
}

/** The partials a parsed template uses and defines inline. */
export function scanPartials(ast: hbs.AST.Program): PartialScan {
  const scanner = new PartialScanner();
  scanner.accept(ast);
  return { uses: scanner.uses, inline: scanner.inline };
}

function missingPartial(source: CheckedSource, use: PartialUse, known: readonly string[], via: string[]) {
  const closest = namesByCloseness(use.name, known);
  const listed = closest.slice(0, LISTED).join(', ') || 'none';
  const more = closest.length > LISTED ? `, and ${closest.length - LISTED} more` : '';
  const reached = via.length === 0 ? '' : ` (reached from ${via.join(' → ')})`;
  return new ZigguratError(
    'ZIG_ERR_TEMPLATE_NOT_FOUND',
    `${source.at(use.line)} uses partial '${use.name}', which does not exist${reached} (partials, closest first: ${listed}${more})`,
  );
}

/**
 * Check that every partial `source` names, and every partial those name in turn, exists: registered
 * (`partials/`, addHandlebarsPartial) or defined inline (`{{#*inline}}`) by a template on the way.
 * Dynamic partials and `@partial-block` are decided when rendering. A partial block with a missing
 * partial is refused too: its body would render alone, the bare page a misspelt layout gives.
 * @param partialOf the source of a registered partial, or null when there is no such partial
 */
export function checkPartials(
  source: CheckedSource,
  partialOf: (name: string) => CheckedSource | null,
  known: readonly string[],
): void {
  const checked = new Set<string>();
  const visit = (current: CheckedSource, inline: ReadonlySet<string>, via: string[]): void => {
    const available = new Set([...inline, ...current.scan.inline]);
    for (const use of current.scan.uses) {
      const partial = partialOf(use.name);
      if (partial === null) {
        if (available.has(use.name)) continue;
        throw missingPartial(current, use, known, via);
      }
      // Each partial once per set of inline partials in scope: recursive partials end here too.
      const key = `${use.name}\0${[...available].sort().join('\0')}`;
      if (checked.has(key)) continue;
      checked.add(key);
      visit(partial, available, [...via, current.at(use.line)]);
    }
  };
  visit(source, new Set(), []);
}

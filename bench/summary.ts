// The bench's closing summary: Markdown tables of every case under every client, ready to paste into
// the README's Speed section.
import type { ThroughputCase } from './cases.js';
import type { ClientName } from './load.js';

/**
 * A throughput contest: plain Fastify against Ziggurat (or a peer), both serving one request, which
 * a case describes as ThroughputCase does.
 */
export interface Contest
  extends Pick<ThroughputCase, 'name' | 'path' | 'method' | 'headers' | 'body' | 'connections' | 'plainIs'> {
  /** What the other side is called in the report ('ziggurat', or the peer's name). */
  readonly label: string;
  /** The side names the server child builds for each half. */
  readonly sides: { readonly plain: string; readonly other: string };
  /** For a peer: the Ziggurat case doing the same work, shown next to it. */
  readonly sameAs?: string;
}

export interface Ratio {
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

/** One contest under one client: each side's median rate and CPU per request, and the ratios. */
export interface ResultRow {
  readonly contest: Contest;
  readonly client: ClientName;
  readonly plain: { readonly rate: number; readonly cpu: number };
  readonly other: { readonly rate: number; readonly cpu: number };
  readonly speed: Ratio;
  readonly cpu: Ratio;
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
const side = ({ rate, cpu }: ResultRow['plain']) => `${thousands(rate)} req/s, ${cpu.toFixed(1)} µs CPU`;
const ratio = ({ ratio, low, high }: Ratio) => `${ratio.toFixed(3)} (${low.toFixed(3)}–${high.toFixed(3)})`;

function caseName(contest: Contest): string {
  return contest.plainIs ? `${contest.name} (against ${contest.plainIs})` : contest.name;
}

/** The headings of the cases table's two sides. */
export interface SideNames {
  readonly plain: string;
  readonly other: string;
}

function casesTable(rows: readonly ResultRow[], names: SideNames): string[] {
  return [
    `| case | client | ${names.plain} | ${names.other} | ratio (95 % interval) | CPU ratio |`,
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${caseName(row.contest)} | ${row.client} | ${side(row.plain)} | ${side(row.other)} | ${ratio(row.speed)} | ${row.cpu.ratio.toFixed(3)} |`,
    ),
  ];
}

function peersTable(rows: readonly ResultRow[], caseRows: readonly ResultRow[]): string[] {
  const ziggurat = (row: ResultRow) =>
    caseRows.find((other) => other.contest.name === row.contest.sameAs && other.client === row.client);
  return [
    '| peer and case | client | plain Fastify | peer | ratio (95 % interval) | CPU ratio | Ziggurat, same case |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => {
      const same = ziggurat(row);
      return `| ${row.contest.name} | ${row.client} | ${side(row.plain)} | ${side(row.other)} | ${ratio(row.speed)} | ${row.cpu.ratio.toFixed(3)} | ${same ? same.speed.ratio.toFixed(3) : '–'} |`;
    }),
  ];
}

/** The Markdown summary of a run: the cases, then the peers (with Ziggurat's ratio on the same case). */
export function summaryTable(
  caseRows: readonly ResultRow[],
  peerRows: readonly ResultRow[],
  names: SideNames,
) {
  const lines: string[] = [];
  if (caseRows.length > 0) lines.push(...casesTable(caseRows, names));
  if (peerRows.length > 0) lines.push(...(lines.length > 0 ? [''] : []), ...peersTable(peerRows, caseRows));
  return lines.join('\n');
}

// The debug toolbar's settings, read and checked once at commit: who may see it, how much history it keeps.
import { BlockList, isIP } from 'node:net';
import { asBool, asList, type Settings, ZigguratError } from '../../lib/index.js';

/** The toolbar's settings, checked and with their defaults. */
export interface ToolbarOptions {
  /** The client addresses the toolbar answers (`debugtoolbar.hosts`: addresses and CIDR ranges). */
  readonly hosts: BlockList;
  /** How many requests the history keeps (`debugtoolbar.max_requests`, default 100). */
  readonly maxRequests: number;
  /** Whether redirects are answered with a page that shows them (`debugtoolbar.intercept_redirects`). */
  readonly interceptRedirects: boolean;
}

/** The keys of the `debugtoolbar.*` settings, declared so typos are reported. */
export const TOOLBAR_SETTINGS: readonly string[] = ['hosts', 'max_requests', 'force', 'intercept_redirects'];

const DEFAULT_HOSTS = ['127.0.0.1', '::1'];

function settingError(name: string, expected: string, value: unknown): ZigguratError {
  return new ZigguratError(
    'ZIG_ERR_DEBUGTOOLBAR',
    `The setting '${name}' must be ${expected}, got ${JSON.stringify(value)}`,
  );
}

function addHost(list: BlockList, entry: string): void {
  const [address = '', bits] = entry.split('/');
  const family = isIP(address);
  if (family === 0) throw settingError('debugtoolbar.hosts', 'IP addresses or CIDR ranges', entry);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (bits === undefined) {
    list.addAddress(address, type);
    return;
  }
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
    throw settingError('debugtoolbar.hosts', 'IP addresses or CIDR ranges', entry);
  list.addSubnet(address, prefix, type);
}

function hostList(settings: Settings): BlockList {
  const given = asList(settings['debugtoolbar.hosts']);
  const list = new BlockList();
  for (const entry of given.length === 0 ? DEFAULT_HOSTS : given) addHost(list, entry);
  return list;
}

function maxRequests(settings: Settings): number {
  const value = settings['debugtoolbar.max_requests'];
  if (value === undefined || value === null || value === '') return 100;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(parsed) || parsed < 1)
    throw settingError('debugtoolbar.max_requests', 'an integer >= 1', value);
  return parsed;
}

function flag(settings: Settings, name: string): boolean {
  return asBool(settings[name]);
}

/**
 * Refuse to load under NODE_ENV=production unless `debugtoolbar.force` is set: the toolbar shows
 * settings, SQL and sessions, so an app started for production must not carry it by mistake.
 */
export function refuseProduction(settings: Settings, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production' || flag(settings, 'debugtoolbar.force')) return;
  throw new ZigguratError(
    'ZIG_ERR_DEBUGTOOLBAR',
    'ziggurat/addons/debugtoolbar refuses to load with NODE_ENV=production: it shows settings, sessions and SQL to its clients. Remove it from ziggurat.includes (it belongs in development.ini), or set debugtoolbar.force = true',
  );
}

/**
 * Read and check the toolbar's settings (`debugtoolbar.*`); a bad value is a `ZIG_ERR_DEBUGTOOLBAR`.
 * @example readToolbarOptions({ 'debugtoolbar.hosts': '127.0.0.1 10.0.0.0/8' }).hosts.check('10.1.2.3') // true
 */
export function readToolbarOptions(settings: Settings): ToolbarOptions {
  return {
    hosts: hostList(settings),
    maxRequests: maxRequests(settings),
    interceptRedirects: flag(settings, 'debugtoolbar.intercept_redirects'),
  };
}

/** Whether `address` (a socket or proxied client address) may see the toolbar. */
export function allowsClient(options: ToolbarOptions, address: string | undefined): boolean {
  if (address === undefined || address === '') return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  const family = isIP(plain);
  if (family === 0) return false;
  return options.hosts.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

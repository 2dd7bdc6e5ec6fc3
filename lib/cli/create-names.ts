// Names for a new project: a valid npm package name and a human title, both from its directory's name.

const FALLBACK = 'ziggurat-app';

/**
 * A valid npm package name made from a directory's basename: lower case, URL-safe characters only.
 * @example projectName('Mon Café!') // 'mon-cafe'
 */
export function projectName(basename: string): string {
  const name = basename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[._~-]+/, '')
    .replace(/[._~-]+$/, '')
    .slice(0, 214);
  return name === '' || name === 'node_modules' || name === 'favicon.ico' ? FALLBACK : name;
}

/**
 * A human title made from a project name: its words, capitalized.
 * @example projectTitle('my-blog') // 'My Blog'
 */
export function projectTitle(name: string): string {
  return name
    .split(/[-._~]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

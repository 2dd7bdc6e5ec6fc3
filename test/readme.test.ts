// The README's TypeScript examples type-check, as written, against the built package.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const workDir = `${root}build/readme-examples/`;

/** Names examples use without defining them, as a reader would assume them. */
const ASSUMED: Record<string, string> = {
  config: "import('ziggurat').Configurator",
  request: "import('ziggurat').Request",
  app: "import('fastify').FastifyInstance",
  assert: "typeof import('node:assert/strict')",
  hello: "(request: import('ziggurat').Request) => unknown",
  about: "(request: import('ziggurat').Request) => unknown",
  evenView: "(request: import('ziggurat').Request) => unknown",
  listItems: "(request: import('ziggurat').Request) => unknown",
};

function examples(): string[] {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

function defines(code: string, name: string): boolean {
  const patterns = [`(const|let|function|class) ${name}\\b`, `import [^;]*\\b${name}\\b[^;]*from`];
  return patterns.some((pattern) => new RegExp(pattern).test(code));
}

function prelude(code: string): string {
  return Object.entries(ASSUMED)
    .filter(([name, type]) => new RegExp(`\\b${name}\\b`).test(code) && !defines(code, name) && type)
    .map(([name, type]) => `declare const ${name}: ${type};`)
    .join('\n');
}

describe('README examples', () => {
  it('type-check as written against the built package', async () => {
    const blocks = examples();
    assert.ok(blocks.length >= 10, 'the README has its examples');
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    // An example may import a sibling module the README shows as `// items.ts`: write it under that name.
    const files = blocks.map((code, i) => {
      const file = /^\/\/ ([\w-]+\.ts)\n/.exec(code)?.[1] ?? `example-${i}.ts`;
      writeFileSync(`${workDir}${file}`, `${code}\n${prelude(code)}\nexport {};\n`);
      return file;
    });
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        types: ['node'],
        typeRoots: [`${root}node_modules/@types`],
        noEmit: true,
        noUnusedLocals: false,
      },
      files,
    };
    writeFileSync(`${workDir}tsconfig.json`, JSON.stringify(tsconfig));
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
    const result = await run(process.execPath, [tsc, '-p', `${workDir}tsconfig.json`], { cwd: root }).catch(
      (error: { stdout?: string }) => ({ failed: error.stdout ?? String(error) }),
    );
    assert.ok(
      !('failed' in result),
      `README examples do not compile:\n${'failed' in result ? result.failed : ''}`,
    );
  });
});

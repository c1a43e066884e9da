import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freshBundle } from '../../bin/cli-bundle.js';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/**
 * bin/cli-bundle.js runs the CLI from an esbuild bundle it keeps while its inputs are unchanged. A bundle
 * kept after a source changed would run old code; one built wrongly would lose each module's own URL.
 */
interface Project {
  readonly root: string;
  readonly cacheDir: string;
  write(file: string, text: string): void;
}

function project(): Project {
  const root = scratchDir('kc-bundle-');
  const write = (file: string, text: string): void => {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('src/cli.ts', "import { answer } from './answer.ts';\nexport const main = (): string => answer;\n");
  write('src/answer.ts', "export const answer: string = 'first';\n");
  return { root, cacheDir: join(root, 'cache'), write };
}

const bundleOf = (p: Project): Promise<string> =>
  freshBundle({ root: p.root, entry: 'src/cli.ts', cacheDir: p.cacheDir });

async function mainOf(file: string): Promise<unknown> {
  const module = (await import(pathToFileURL(file).href)) as { main: () => unknown };
  return module.main();
}

describe('the CLI bundle (bin/cli-bundle.js)', () => {
  it('builds a bundle of the entry and its imports that runs', async () => {
    const p = project();
    expect(await mainOf(await bundleOf(p))).toBe('first');
  });

  it('reuses the bundle while no input changed', async () => {
    const p = project();
    const first = await bundleOf(p);
    const builtAt = statSync(join(p.cacheDir, 'manifest.json')).mtimeMs;
    expect(await bundleOf(p)).toBe(first);
    expect(statSync(join(p.cacheDir, 'manifest.json')).mtimeMs).toBe(builtAt);
  });

  it('builds again when an imported file changed, and the new bundle runs the new code', async () => {
    const p = project();
    await bundleOf(p);
    p.write('src/answer.ts', "export const answer: string = 'second';\n");
    expect(await mainOf(await bundleOf(p))).toBe('second');
  });

  it('builds again when a file changed only in its modification time (a checkout of other content)', async () => {
    const p = project();
    const first = await bundleOf(p);
    const manifest = readFileSync(join(p.cacheDir, 'manifest.json'), 'utf8');
    utimesSync(join(p.root, 'src/answer.ts'), new Date(), new Date(Date.now() + 5_000));
    await bundleOf(p);
    expect(readFileSync(join(p.cacheDir, 'manifest.json'), 'utf8')).not.toBe(manifest);
    expect(await mainOf(first)).toBe('first');
  });

  it('builds again when the bundle the manifest names is gone', async () => {
    const p = project();
    const first = await bundleOf(p);
    rmSync(first);
    const again = await bundleOf(p);
    expect(existsSync(again)).toBe(true);
    expect(await mainOf(again)).toBe('first');
  });

  it("keeps each module's own import.meta.url, from which the CLI finds openapi.yaml and the suites", async () => {
    const p = project();
    p.write(
      'src/cli.ts',
      "import { here } from './deep/here.ts';\nexport const main = (): string => here;\n",
    );
    p.write('src/deep/here.ts', 'export const here: string = import.meta.url;\n');
    expect(await mainOf(await bundleOf(p))).toBe(pathToFileURL(join(p.root, 'src/deep/here.ts')).href);
  });

  it('throws when the entry does not compile, so that the CLI falls back to the loader', async () => {
    const p = project();
    p.write('src/answer.ts', 'export const answer: string = ;\n');
    await expect(bundleOf(p)).rejects.toThrow();
  });
});

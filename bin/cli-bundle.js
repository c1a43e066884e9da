// The CLI's TypeScript, bundled by esbuild into one JavaScript file under node_modules/.cache and reused
// for as long as no file it was built from has changed. Loading a hundred and ninety TypeScript modules
// through tsx's loader cost every start about 0.4 s (each import a round trip to the loader's thread);
// the bundle loads in a tenth of that. There is still no build step: the first start after a change
// builds it (about 0.2 s), and whatever stops a bundle (no esbuild, a read-only checkout, a syntax error
// the loader will report better) falls back to tsx.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const FORMAT = 1;
// A bundle another process may still be loading is left alone this long after it was replaced.
const KEEP_REPLACED_MS = 10 * 60_000;

/**
 * The path of a bundle of `entry` that matches every input's size and modification time, building one
 * when there is none. Throws when it cannot build; the caller falls back to tsx.
 * @param {{ root: string, entry: string, cacheDir: string }} where
 * @returns {Promise<string>}
 */
export async function freshBundle({ root, entry, cacheDir }) {
  const manifestFile = join(cacheDir, 'manifest.json');
  const current = readManifest(manifestFile);
  if (
    current !== undefined &&
    current.entry === entry &&
    existsSync(join(cacheDir, current.file)) &&
    inputsUnchanged(root, current.inputs)
  ) {
    return join(cacheDir, current.file);
  }
  const { build, version } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    // Packages stay imports, resolved from the project's node_modules as they would be unbundled.
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [keepModuleUrls()],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .sort()
    .map((input) => stamp(root, input));
  const code = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = `cli-${hash}.js`;
  // Written under a name of its own, then renamed: a process starting meanwhile sees a whole file or none.
  const partial = join(cacheDir, `.${file}.${process.pid}`);
  writeFileSync(partial, code);
  renameSync(partial, join(cacheDir, file));
  const manifest = { format: FORMAT, esbuild: version, entry, file, inputs };
  writeFileSync(`${manifestFile}.${process.pid}`, JSON.stringify(manifest));
  renameSync(`${manifestFile}.${process.pid}`, manifestFile);
  removeReplaced(cacheDir, file);
  return join(cacheDir, file);
}

/** Each module keeps its own `import.meta.url`: the code finds openapi.yaml, suites/ and the rest from it. */
function keepModuleUrls() {
  return {
    name: 'keep-module-urls',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, async ({ path }) => ({
        contents: (await readFile(path, 'utf8')).replaceAll(
          'import.meta.url',
          JSON.stringify(pathToFileURL(path).href),
        ),
        loader: 'ts',
      }));
    },
  };
}

/** @returns {[string, number, number]} */
function stamp(root, input) {
  const stats = statSync(join(root, input));
  return [input, stats.mtimeMs, stats.size];
}

function readManifest(file) {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    return manifest.format === FORMAT && Array.isArray(manifest.inputs) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

function inputsUnchanged(root, inputs) {
  try {
    return inputs.every(([input, mtimeMs, size]) => {
      const stats = statSync(join(root, input));
      return stats.mtimeMs === mtimeMs && stats.size === size;
    });
  } catch {
    return false;
  }
}

function removeReplaced(cacheDir, kept) {
  for (const name of readdirSync(cacheDir)) {
    if (name === kept || name === 'manifest.json') continue;
    const path = join(cacheDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_REPLACED_MS) rmSync(path, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * The CLI's `main`: from the bundle when one can be had, else through tsx's loader.
 * @returns {Promise<{ main: (argv: string[]) => Promise<number> }>}
 */
export async function loadCli() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    const bundle = await freshBundle({
      root,
      entry: 'src/cli.ts',
      cacheDir: join(root, 'node_modules', '.cache', 'keys-conformance-cli'),
    });
    return await import(pathToFileURL(bundle).href);
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return import('../src/cli.ts');
  }
}

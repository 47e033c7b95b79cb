import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { BROWSER_LAYER_CLASSES, imageFromJson } from './browser.ts';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'browser.ts');

/** Bundles an entry for the browser: a Node builtin anywhere below it fails the build. */
async function bundleForBrowser(file: string) {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

it('bundles for the browser without Node builtins, the native addon, sharp or jieba', async () => {
  const inputs = await bundleForBrowser(entry);
  const nodeOnly = inputs.filter((f) =>
    /(^|\/)(sharp|@node-rs|fast-png)\/|kernels\/src\/(index|native|backend)\.ts$|\.node$/.test(f),
  );
  expect(nodeOnly).toEqual([]);
  expect(inputs.some((f) => f.endsWith('layers/gpt-block.ts'))).toBe(true);
}, 60_000);

it('the check fails on a module that imports Node', async () => {
  const nodeOnly = path.join(path.dirname(entry), 'data', 'image-input.ts');
  await expect(bundleForBrowser(nodeOnly)).rejects.toThrow(/node:zlib/);
}, 60_000);

it('registers every custom layer class it names, and prepares a JSON image as serving does', () => {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap;
  expect(BROWSER_LAYER_CLASSES.length).toBe(9);
  // Each name maps to the class that says it is that name: the map holds [class, fromConfig].
  for (const name of BROWSER_LAYER_CLASSES) {
    expect((registered[name]?.[0] as { className?: string } | undefined)?.className, name).toBe(
      name,
    );
  }
  const prep = { height: 2, width: 2, channels: 1, scale: 1 / 255, invertLightBackground: true };
  expect(
    Array.from(
      imageFromJson(
        [
          [0, 255],
          [51, 0],
        ],
        prep,
      ),
    ),
  ).toEqual([0, 1, Math.fround(0.2), 0]);
});

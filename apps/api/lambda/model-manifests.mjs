import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The registry's manifests for the Lambda zip, without the ONNX files: the API validates `model` and `classes` and
 * serves GET /models from them, and never runs a model. The shipped ones (models/) and, when MODELS_DIR is set at
 * build time, the user's own, in one `models/<name>/<version>/model.json` tree (a name in both is an error, as in
 * the registry). Returns [{ name: zip path, source: file }].
 */
export function modelManifests(root, userDir = process.env.MODELS_DIR) {
  const found = new Map();
  for (const dir of [join(root, 'models'), ...(userDir ? [userDir] : [])]) {
    if (!existsSync(dir)) throw new Error(`models folder ${dir} does not exist`);
    const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
    for (const { name } of names) {
      if (found.has(name) && found.get(name).dir !== dir)
        throw new Error(`model "${name}" is in both ${found.get(name).dir} and ${dir}; give yours another name`);
      for (const version of readdirSync(join(dir, name), { withFileTypes: true }).filter((e) => e.isDirectory())) {
        const source = join(dir, name, version.name, 'model.json');
        if (!existsSync(source)) throw new Error(`${source} is missing`);
        found.set(name, {
          dir,
          files: [...(found.get(name)?.files ?? []), { name: `models/${name}/${version.name}/model.json`, source }],
        });
      }
    }
  }
  return [...found.values()].flatMap((model) => model.files).sort((a, b) => a.name.localeCompare(b.name));
}

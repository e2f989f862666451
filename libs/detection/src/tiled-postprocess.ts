import type { Candidate, RawOutputs } from './decoders';
import type { Detection } from './detection.types';
import { type InputGeometry, toImageBox, toIntegerBox } from './geometry';
import { nonMaxSuppressionPerClass } from './non-max-suppression';
import { candidatesOf, type PostprocessOptions, toDetection } from './postprocess';
import type { PreparedTiles } from './preprocess';
import type { ModelManifest } from './registry/model-manifest';
import { mergeTiledCandidates, tileBoxToImage, type TilingSettings, touchesInnerEdge } from './tiling';

/**
 * The whole image's raw outputs and each tile's (in the plan's order) -> detections in pixels of the oriented image:
 * each pass decoded and suppressed on its own, the tiles' boxes cut by an inner edge dropped, the rest mapped to the
 * image and merged with the whole image's by per-class NMS.
 */
export function postprocessTiled(
  whole: RawOutputs,
  tiles: RawOutputs[],
  model: ModelManifest,
  prepared: PreparedTiles,
  options: PostprocessOptions,
  settings: TilingSettings,
): Detection[] {
  const { plan } = prepared;
  const wholeGeometry = prepared.whole.geometry;
  const pass = (outputs: RawOutputs, geometry: InputGeometry): Candidate[] =>
    nonMaxSuppressionPerClass(candidatesOf(outputs, model, options), options.iouThreshold, options.maxDetections).map(
      (c) => ({ ...c, box: toImageBox(c.box, geometry) }),
    );
  const fromTiles = tiles.flatMap((outputs, i) => {
    const tile = plan.tiles[i];
    // toImageBox with the tile's geometry: boxes in pixels of the tile (of the view), clamped to it.
    return pass(outputs, prepared.tiles[i].geometry)
      .filter((c) => !touchesInnerEdge(c.box, tile, plan, settings.borderMargin))
      .map((c) => ({ ...c, box: tileBoxToImage(c.box, tile, plan) }));
  });
  return mergeTiledCandidates(pass(whole, wholeGeometry), fromTiles, options).map((c) =>
    toDetection(c, model, toIntegerBox(c.box)),
  );
}

import type { Candidate, InputBox } from './decoders';
import { nonMaxSuppressionPerClass } from './non-max-suppression';

/**
 * Tiled inference (SAHI's idea): besides the whole image, the model sees overlapping tiles of it at its own input
 * size, so a small object covers more of the model's input. The tiles' detections are mapped back to image pixels
 * and merged with the whole image's by NMS. Everything here is pure geometry, tested without a model.
 */
export interface TilingSettings {
  /** Share of a tile that its neighbour covers too, on each axis (at least this; the grid spreads any slack evenly). */
  overlap: number;
  /**
   * At most this many tiles along each axis. An image that would need more at its own resolution is tiled on a
   * view of it shrunk (aspect kept) until the grid fits: the tiles then cover more than the model's size of the
   * image, and small objects gain less, but a 12 MP photo costs at most maxTilesPerAxis² + 1 inferences instead of
   * 234 (18 x 13 at 300 px).
   */
  maxTilesPerAxis: number;
  /**
   * A tile's box that comes within this many pixels of the tile's input (of its width or height, as a fraction) of
   * an edge the tile shares with a neighbour is taken as an object cut by that edge and dropped: the neighbour, the
   * whole-image pass, or both see it whole.
   */
  borderMargin: number;
}

/**
 * 25% overlap, at most 3 x 3 tiles, boxes within 2% of an inner edge dropped: a 640 x 480 COCO photo at a 300 px
 * model is 3 x 2 tiles at its own resolution (7 inferences in all); a 4000 x 3000 photo is 3 x 3 tiles of 1600 x
 * 1600 image pixels on a 750 x 562 view (10 inferences). On coco128 the margin scored best of 0-0.05 (0: fragments
 * cost SSDLite 4 mAP), and the overlap hardly matters (the grid spreads tiles evenly); bench/RESULTS.md.
 */
export const DEFAULT_TILING: TilingSettings = { overlap: 0.25, maxTilesPerAxis: 3, borderMargin: 0.02 };

/** A tile in pixels of the view. */
export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the tiles of one image are: on a view of it, viewWidth x viewHeight (the image itself when not shrunk). */
export interface TilePlan {
  viewWidth: number;
  viewHeight: number;
  /** View pixels per image pixel on each axis (1 when the image is tiled at its own resolution). */
  scaleX: number;
  scaleY: number;
  /** Row by row; empty when one tile would cover the whole image, which the whole-image pass already does. */
  tiles: Tile[];
}

/**
 * The tile grid of a width x height image for a model of tileWidth x tileHeight input: tiles of the model's size
 * (or of the view's, on an axis shorter than the model's), overlapping by at least `overlap`, on the image itself
 * or, when that would need more than maxTilesPerAxis tiles on an axis, on a view shrunk just enough.
 */
export function planTiles(
  width: number,
  height: number,
  tileWidth: number,
  tileHeight: number,
  settings: TilingSettings = DEFAULT_TILING,
): TilePlan {
  const { overlap, maxTilesPerAxis } = settings;
  if (!(overlap >= 0 && overlap < 1)) throw new RangeError(`overlap must be in [0, 1), got ${overlap}`);
  if (!Number.isInteger(maxTilesPerAxis) || maxTilesPerAxis < 1)
    throw new RangeError(`maxTilesPerAxis must be a positive integer, got ${maxTilesPerAxis}`);
  if (width <= tileWidth && height <= tileHeight)
    return { viewWidth: width, viewHeight: height, scaleX: 1, scaleY: 1, tiles: [] };
  // The longest axis n tiles cover with this overlap: n tiles, each next one a stride further.
  const longest = (tile: number) => tile + (maxTilesPerAxis - 1) * strideOf(tile, overlap);
  const scale = Math.min(1, longest(tileWidth) / width, longest(tileHeight) / height);
  const viewWidth = Math.max(1, Math.floor(width * scale));
  const viewHeight = Math.max(1, Math.floor(height * scale));
  const columns = axisTiles(viewWidth, tileWidth, overlap);
  const rows = axisTiles(viewHeight, tileHeight, overlap);
  // One tile would be the whole (shrunk) image again: the whole-image pass already sees that.
  const tiles =
    columns.length * rows.length === 1
      ? []
      : rows.flatMap((row) =>
          columns.map((column) => ({ x: column.start, y: row.start, width: column.length, height: row.length })),
        );
  return { viewWidth, viewHeight, scaleX: viewWidth / width, scaleY: viewHeight / height, tiles };
}

/** How far apart tiles start on an axis with this overlap (at least 1 pixel). */
function strideOf(tile: number, overlap: number): number {
  return Math.max(1, Math.floor(tile * (1 - overlap)));
}

/** Tiles along one axis: as few as keep `overlap`, the first at 0, the last at the end, the rest evenly between. */
function axisTiles(length: number, tile: number, overlap: number): { start: number; length: number }[] {
  if (length <= tile) return [{ start: 0, length }];
  const count = Math.ceil((length - tile) / strideOf(tile, overlap)) + 1;
  return Array.from({ length: count }, (_, i) => ({
    start: Math.round((i * (length - tile)) / (count - 1)),
    length: tile,
  }));
}

/**
 * Whether a box (in pixels of the tile, x1 y1 x2 y2) reaches an edge the tile shares with a neighbouring tile, within
 * `margin` of the tile's size: such a box is likely a fragment of an object the edge cuts. Edges on the image's own
 * border do not count: an object cut there is cut in the image too.
 */
export function touchesInnerEdge(box: InputBox, tile: Tile, plan: TilePlan, margin: number): boolean {
  const [x1, y1, x2, y2] = box;
  const mx = margin * tile.width;
  const my = margin * tile.height;
  return (
    (tile.x > 0 && x1 <= mx) ||
    (tile.y > 0 && y1 <= my) ||
    (tile.x + tile.width < plan.viewWidth && x2 >= tile.width - mx) ||
    (tile.y + tile.height < plan.viewHeight && y2 >= tile.height - my)
  );
}

/** A box in pixels of the tile -> the same box in (fractional) pixels of the image. */
export function tileBoxToImage(box: InputBox, tile: Tile, plan: TilePlan): InputBox {
  return [
    (tile.x + box[0]) / plan.scaleX,
    (tile.y + box[1]) / plan.scaleY,
    (tile.x + box[2]) / plan.scaleX,
    (tile.y + box[3]) / plan.scaleY,
  ];
}

export interface MergeOptions {
  /** Per-class NMS overlap (IoU) over the whole image's and the tiles' boxes together. */
  iouThreshold: number;
  maxDetections: number;
}

/**
 * The whole image's candidates and the tiles' (all in image pixels, the tiles' already rid of boxes cut by an inner
 * edge) merged: per-class greedy NMS over all of them, strongest first, at most maxDetections. (Also dropping tile
 * boxes mostly inside a stronger box, or keeping only tile boxes small in the whole view, scored lower on coco128.)
 */
export function mergeTiledCandidates(whole: Candidate[], tiles: Candidate[], options: MergeOptions): Candidate[] {
  return nonMaxSuppressionPerClass([...whole, ...tiles], options.iouThreshold, options.maxDetections);
}

import { describe, expect, it } from 'vitest';
import type { Candidate } from '../src/decoders';
import {
  DEFAULT_TILING,
  mergeTiledCandidates,
  planTiles,
  type Tile,
  tileBoxToImage,
  type TilePlan,
  touchesInnerEdge,
} from '../src/tiling';

const settings = { overlap: 0.25, maxTilesPerAxis: 3, borderMargin: 0.02 };

/** Every pixel of the view lies in some tile. */
function coversView(plan: TilePlan): boolean {
  const inSome = (x: number, y: number) =>
    plan.tiles.some((t) => t.x <= x && x < t.x + t.width && t.y <= y && y < t.y + t.height);
  for (let y = 0; y < plan.viewHeight; y++) for (let x = 0; x < plan.viewWidth; x++) if (!inSome(x, y)) return false;
  return true;
}

describe('planTiles', () => {
  it('when the image fits in the model input, then there are no tiles (the whole-image pass sees it all)', () => {
    expect(planTiles(300, 200, 300, 300, settings).tiles).toEqual([]);
    expect(planTiles(300, 300, 300, 300, settings).tiles).toEqual([]);
  });

  it('when a COCO-sized photo meets a 300 px model, then 3 x 2 model-sized tiles at its own resolution, first and last at the edges, each overlapping its neighbour by at least 25%', () => {
    const plan = planTiles(640, 480, 300, 300, settings);
    expect(plan).toMatchObject({ viewWidth: 640, viewHeight: 480, scaleX: 1, scaleY: 1 });
    expect(plan.tiles.map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [170, 0],
      [340, 0],
      [0, 180],
      [170, 180],
      [340, 180],
    ]);
    expect(plan.tiles.every((t) => t.width === 300 && t.height === 300)).toBe(true);
    // Overlap of neighbours: 300 - 170 = 130 px across, 300 - 180 = 120 px down, both >= 75 (25% of 300).
    expect(300 - 170).toBeGreaterThanOrEqual(75);
    expect(coversView(plan)).toBe(true);
  });

  it('when a 12 MP photo would need 18 x 13 tiles, then it is tiled as 3 x 3 on a view shrunk (aspect kept) so the grid fits', () => {
    expect(planTiles(4000, 3000, 300, 300, { ...settings, maxTilesPerAxis: 100 }).tiles).toHaveLength(18 * 13);
    const plan = planTiles(4000, 3000, 300, 300, settings);
    expect(plan.viewWidth).toBe(750); // 300 + 2 x 225: three tiles a stride of 225 apart
    expect(plan.viewHeight).toBe(562);
    expect(plan.scaleX).toBeCloseTo(0.1875, 4);
    expect(plan.scaleY).toBeCloseTo(562 / 3000, 6);
    expect(plan.tiles).toHaveLength(9);
    expect(Math.max(...plan.tiles.map((t) => t.x + t.width))).toBe(750);
    expect(Math.max(...plan.tiles.map((t) => t.y + t.height))).toBe(562);
    expect(coversView(plan)).toBe(true);
  });

  it('when one axis is shorter than the model input, then the tiles span that axis whole and are tiled along the other', () => {
    const plan = planTiles(700, 200, 300, 300, settings);
    expect(plan.scaleX).toBe(1);
    expect(plan.tiles.map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [0, 0, 300, 200],
      [200, 0, 300, 200],
      [400, 0, 300, 200],
    ]);
  });

  it('when the cap is one tile per axis, then there are no tiles: one tile would be the whole image again', () => {
    expect(planTiles(4000, 3000, 300, 300, { ...settings, maxTilesPerAxis: 1 }).tiles).toEqual([]);
  });

  it('when the overlap or the cap is out of range, then RangeError names it', () => {
    expect(() => planTiles(640, 480, 300, 300, { ...settings, overlap: 1 })).toThrow(/overlap/);
    expect(() => planTiles(640, 480, 300, 300, { ...settings, maxTilesPerAxis: 0 })).toThrow(/maxTilesPerAxis/);
  });

  it('when the defaults are used, then they are the measured choice: 25% overlap, 3 x 3 at most, 2% margin', () => {
    expect(DEFAULT_TILING).toEqual({ overlap: 0.25, maxTilesPerAxis: 3, borderMargin: 0.02 });
  });
});

describe('touchesInnerEdge and tileBoxToImage', () => {
  const plan = planTiles(640, 480, 300, 300, settings);
  const [topLeft, topMiddle] = plan.tiles;
  const bottomRight = plan.tiles[5];

  it('when a box reaches an edge shared with another tile, then it is taken as cut there', () => {
    expect(touchesInnerEdge([250, 40, 299, 90], topLeft, plan, 0.02)).toBe(true); // right edge, inner
    expect(touchesInnerEdge([0, 40, 60, 90], topMiddle, plan, 0.02)).toBe(true); // left edge, inner
    expect(touchesInnerEdge([40, 250, 90, 300], topLeft, plan, 0.02)).toBe(true); // bottom edge, inner
    expect(touchesInnerEdge([4, 40, 60, 90], topMiddle, plan, 0.02)).toBe(true); // within 2% of 300 = 6 px
  });

  it("when a box reaches only the image's own border, or no edge, then it is kept", () => {
    expect(touchesInnerEdge([0, 0, 60, 90], topLeft, plan, 0.02)).toBe(false); // image's left and top
    expect(touchesInnerEdge([200, 200, 300, 300], bottomRight, plan, 0.02)).toBe(false); // image's right and bottom
    expect(touchesInnerEdge([50, 50, 200, 200], topMiddle, plan, 0.02)).toBe(false);
    expect(touchesInnerEdge([7, 40, 60, 90], topMiddle, plan, 0.02)).toBe(false); // 7 px in: beyond the margin
  });

  it('when a tile box is mapped back, then it moves by the tile origin and scales by the view', () => {
    expect(tileBoxToImage([10, 20, 110, 220], topMiddle, plan)).toEqual([180, 20, 280, 220]);
    const shrunk = planTiles(4000, 3000, 300, 300, settings);
    const centre = shrunk.tiles[4] as Tile;
    const [x1, y1, x2, y2] = tileBoxToImage([0, 0, 300, 300], centre, shrunk);
    expect(x1).toBeCloseTo(centre.x / 0.1875, 6);
    expect(x2 - x1).toBeCloseTo(1600, 6);
    expect(y2 - y1).toBeCloseTo(300 / (562 / 3000), 6);
    expect(y1).toBeCloseTo(centre.y / (562 / 3000), 6);
  });
});

describe('mergeTiledCandidates', () => {
  const box = (classIndex: number, score: number, b: Candidate['box']): Candidate => ({ classIndex, score, box: b });
  const options = { iouThreshold: 0.6, maxDetections: 100 };

  it('when the whole image and a tile see the same object, then the stronger box alone is kept', () => {
    const whole = [box(1, 0.7, [100, 100, 200, 200])];
    const tiles = [box(1, 0.9, [102, 98, 203, 201])];
    expect(mergeTiledCandidates(whole, tiles, options)).toEqual(tiles);
  });

  it('when a tile finds a small object the whole image missed, then it joins the whole image boxes, score descending', () => {
    const whole = [box(1, 0.8, [0, 0, 300, 300])];
    const tiles = [box(2, 0.95, [400, 400, 410, 410]), box(1, 0.6, [320, 10, 330, 20])];
    expect(mergeTiledCandidates(whole, tiles, options).map((c) => c.score)).toEqual([0.95, 0.8, 0.6]);
  });

  it('when boxes of different classes overlap, then neither suppresses the other', () => {
    const merged = mergeTiledCandidates([box(1, 0.9, [0, 0, 100, 100])], [box(2, 0.8, [0, 0, 100, 100])], options);
    expect(merged).toHaveLength(2);
  });

  it('when there are more boxes than maxDetections, then the strongest are kept', () => {
    const tiles = Array.from({ length: 10 }, (_, i) => box(1, i / 10, [i * 20, 0, i * 20 + 10, 10]));
    const merged = mergeTiledCandidates([], tiles, { ...options, maxDetections: 3 });
    expect(merged.map((c) => c.score)).toEqual([0.9, 0.8, 0.7]);
  });
});

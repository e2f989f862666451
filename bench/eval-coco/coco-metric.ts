/**
 * COCO box mAP, computed the way pycocotools' COCOeval does (iouType "bbox"), so figures compare with published
 * ones and with the issue's: per image and category, detections sorted by score (stable) and cut to maxDets,
 * greedy matching to the best-overlapping unmatched ground truth, crowd regions (iscrowd) matched but neither TP
 * nor FP, 101-point interpolated precision, averaged over the categories present in the ground truth.
 */

/** [x, y, w, h] in pixels, as in COCO JSON. */
export type XywhBox = [number, number, number, number];

export interface GroundTruthBox {
  imageId: number;
  categoryId: number;
  bbox: XywhBox;
  /** The annotation's `area` (of its segmentation): what COCO's area ranges use for ground truth. */
  area: number;
  iscrowd: boolean;
}

export interface DetectionBox {
  imageId: number;
  categoryId: number;
  bbox: XywhBox;
  score: number;
}

export interface AreaRange {
  name: string;
  min: number;
  max: number;
}

export const AREA_ALL: AreaRange = { name: 'all', min: 0, max: 1e10 };
/** COCO's "small" objects: area below 32². */
export const AREA_SMALL: AreaRange = { name: 'small', min: 0, max: 32 ** 2 };

export interface EvaluateOptions {
  maxDets?: number;
  area?: AreaRange;
  /** IoU thresholds; COCO's .50:.05:.95 by default. */
  iouThresholds?: number[];
}

export interface CocoScores {
  /** mAP@[.5:.95], 0..1. */
  map: number;
  /** mAP@0.5, 0..1. */
  map50: number;
  /** mAR@[.5:.95] at maxDets (COCO's AR). */
  recall: number;
  /** Recall at IoU 0.5 at maxDets. */
  recall50: number;
  /** Categories with at least one non-ignored ground-truth box: the ones averaged over. */
  categories: number;
  /** AP per category id at each IoU threshold (same order as `iouThresholds`). */
  perCategory: Map<number, number[]>;
}

export const COCO_IOU_THRESHOLDS = Array.from({ length: 10 }, (_, i) => Math.round((0.5 + 0.05 * i) * 100) / 100);
const RECALL_THRESHOLDS = Array.from({ length: 101 }, (_, i) => i / 100);

/** IoU of a detection with a ground truth; for a crowd region, the intersection over the detection's area. */
export function boxIou(dt: XywhBox, gt: XywhBox, crowd: boolean): number {
  const iw = Math.min(dt[0] + dt[2], gt[0] + gt[2]) - Math.max(dt[0], gt[0]);
  const ih = Math.min(dt[1] + dt[3], gt[1] + gt[3]) - Math.max(dt[1], gt[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const intersection = iw * ih;
  const union = crowd ? dt[2] * dt[3] : dt[2] * dt[3] + gt[2] * gt[3] - intersection;
  return union > 0 ? intersection / union : 0;
}

interface ImageCategoryEval {
  scores: number[];
  /** [threshold][detection]: matched a non-ignored ground truth. */
  matched: boolean[][];
  /** [threshold][detection]: neither TP nor FP (matched a crowd/ignored region, or unmatched and outside the area). */
  ignored: boolean[][];
  nonIgnoredGt: number;
}

function evaluateImageCategory(
  gts: GroundTruthBox[],
  dts: DetectionBox[],
  thresholds: number[],
  maxDets: number,
  area: AreaRange,
): ImageCategoryEval {
  const outside = (a: number) => a < area.min || a > area.max;
  const gtIgnore = (g: GroundTruthBox) => g.iscrowd || outside(g.area);
  // Non-ignored ground truth first, as pycocotools orders them, so a detection prefers a real object.
  const gtSorted = [...gts.filter((g) => !gtIgnore(g)), ...gts.filter(gtIgnore)];
  const ignoredGt = gtSorted.map(gtIgnore);
  const dtSorted = dts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => b.d.score - a.d.score || a.i - b.i)
    .slice(0, maxDets)
    .map(({ d }) => d);
  const ious = dtSorted.map((d) => gtSorted.map((g) => boxIou(d.bbox, g.bbox, g.iscrowd)));
  const matched: boolean[][] = [];
  const ignored: boolean[][] = [];
  for (const threshold of thresholds) {
    const gtTaken = gtSorted.map(() => false);
    const m = dtSorted.map(() => false);
    const ig = dtSorted.map(() => false);
    dtSorted.forEach((d, di) => {
      let best = Math.min(threshold, 1 - 1e-10);
      let match = -1;
      for (let gi = 0; gi < gtSorted.length; gi++) {
        if (gtTaken[gi] && !gtSorted[gi].iscrowd) continue; // a crowd region may absorb any number of detections
        if (match > -1 && !ignoredGt[match] && ignoredGt[gi]) break; // a real match beats any ignored one
        if (ious[di][gi] < best) continue;
        best = ious[di][gi];
        match = gi;
      }
      if (match === -1) {
        ig[di] = outside(d.bbox[2] * d.bbox[3]);
        return;
      }
      gtTaken[match] = true;
      ig[di] = ignoredGt[match];
      m[di] = !ignoredGt[match];
    });
    matched.push(m);
    ignored.push(ig);
  }
  return { scores: dtSorted.map((d) => d.score), matched, ignored, nonIgnoredGt: ignoredGt.filter((x) => !x).length };
}

/** 101-point interpolated AP of detections (score descending) of which `tp` are true, out of `positives`. */
export function interpolatedAp(tp: boolean[], fp: boolean[], positives: number): { ap: number; recall: number } {
  const precision: number[] = [];
  const recall: number[] = [];
  let tps = 0;
  let fps = 0;
  for (let i = 0; i < tp.length; i++) {
    if (tp[i]) tps++;
    if (fp[i]) fps++;
    recall.push(tps / positives);
    precision.push(tps / (tps + fps + Number.EPSILON));
  }
  // Precision envelope: at each recall, the best precision at that recall or beyond.
  for (let i = precision.length - 1; i > 0; i--) precision[i - 1] = Math.max(precision[i - 1], precision[i]);
  let sum = 0;
  let pi = 0;
  for (const r of RECALL_THRESHOLDS) {
    while (pi < recall.length && recall[pi] < r) pi++; // searchsorted(side='left')
    if (pi < recall.length) sum += precision[pi];
  }
  return { ap: sum / RECALL_THRESHOLDS.length, recall: recall.length ? recall[recall.length - 1] : 0 };
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

export function evaluateCoco(
  groundTruth: GroundTruthBox[],
  detections: DetectionBox[],
  options: EvaluateOptions = {},
): CocoScores {
  const maxDets = options.maxDets ?? 100;
  const area = options.area ?? AREA_ALL;
  const thresholds = options.iouThresholds ?? COCO_IOU_THRESHOLDS;
  const key = (imageId: number, categoryId: number) => `${imageId}:${categoryId}`;
  const group = <T extends { imageId: number; categoryId: number }>(items: T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) {
      const k = key(item.imageId, item.categoryId);
      map.set(k, [...(map.get(k) ?? []), item]);
    }
    return map;
  };
  const gtBy = group(groundTruth);
  const dtBy = group(detections);
  const imageIds = [...new Set(groundTruth.map((g) => g.imageId))].sort((a, b) => a - b);
  // Detections on images without any ground truth are still false positives, as pycocotools counts every image.
  for (const d of detections) if (!imageIds.includes(d.imageId)) imageIds.push(d.imageId);
  imageIds.sort((a, b) => a - b);
  const categoryIds = [...new Set(groundTruth.map((g) => g.categoryId))].sort((a, b) => a - b);

  const perCategory = new Map<number, number[]>();
  const recallPerCategory: number[][] = [];
  for (const categoryId of categoryIds) {
    const evals = imageIds.map((imageId) =>
      evaluateImageCategory(
        gtBy.get(key(imageId, categoryId)) ?? [],
        dtBy.get(key(imageId, categoryId)) ?? [],
        thresholds,
        maxDets,
        area,
      ),
    );
    const positives = evals.reduce((n, e) => n + e.nonIgnoredGt, 0);
    if (positives === 0) continue; // absent from the ground truth (in this area range): not averaged
    const flat = evals.flatMap((e, ei) => e.scores.map((score, di) => ({ score, ei, di })));
    const order = flat.map((x, i) => ({ ...x, i })).sort((a, b) => b.score - a.score || a.i - b.i);
    const aps: number[] = [];
    const recalls: number[] = [];
    thresholds.forEach((_, ti) => {
      const kept = order.filter((x) => !evals[x.ei].ignored[ti][x.di]);
      const tp = kept.map((x) => evals[x.ei].matched[ti][x.di]);
      const { ap, recall } = interpolatedAp(
        tp,
        tp.map((t) => !t),
        positives,
      );
      aps.push(ap);
      recalls.push(recall);
    });
    perCategory.set(categoryId, aps);
    recallPerCategory.push(recalls);
  }
  const apAt = (ti: number) => mean([...perCategory.values()].map((aps) => aps[ti]));
  const i50 = thresholds.indexOf(0.5);
  return {
    map: mean([...perCategory.values()].map(mean)),
    map50: i50 < 0 ? NaN : apAt(i50),
    recall: mean(recallPerCategory.map(mean)),
    recall50: i50 < 0 ? NaN : mean(recallPerCategory.map((r) => r[i50])),
    categories: perCategory.size,
    perCategory,
  };
}

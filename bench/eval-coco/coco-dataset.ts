import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GroundTruthBox, XywhBox } from './coco-metric';
import { ANNOTATIONS_FILE } from './eval-args';

export interface CocoImage {
  id: number;
  fileName: string;
  path: string;
  width: number;
  height: number;
}

export interface CocoDataset {
  images: CocoImage[];
  groundTruth: GroundTruthBox[];
  /** COCO category id by label name (the JSON's categories): how the service's labels are mapped. */
  categoryIdByName: Map<string, number>;
}

interface CocoJson {
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { image_id: number; category_id: number; bbox: XywhBox; area: number; iscrowd: 0 | 1 }[];
  categories: { id: number; name: string }[];
}

export function loadCocoDataset(dir: string): CocoDataset {
  const json = JSON.parse(readFileSync(join(dir, ANNOTATIONS_FILE), 'utf8')) as CocoJson;
  return {
    images: json.images.map((i) => ({
      id: i.id,
      fileName: i.file_name,
      path: join(dir, 'images', i.file_name),
      width: i.width,
      height: i.height,
    })),
    groundTruth: json.annotations.map((a) => ({
      imageId: a.image_id,
      categoryId: a.category_id,
      bbox: a.bbox,
      area: a.area,
      iscrowd: a.iscrowd === 1,
    })),
    categoryIdByName: new Map(json.categories.map((c) => [c.name, c.id])),
  };
}

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, ObjectDetector } from '../src';
import { addModel, emptyModelsDir } from './support/model-folders';
import { constantOutputModel } from './support/onnx-graph';

// Three boxes, two classes, channel-major as Ultralytics exports [1, 4 + C, N]: cx, cy, w, h in input pixels, then
// one score per class (no objectness).
const BOXES = [
  { cx: 32, cy: 16, w: 20, h: 10, scores: [0.9, 0.1] }, // widget
  { cx: 33, cy: 16, w: 20, h: 10, scores: [0.8, 0.05] }, // the same widget again: NMS drops it
  { cx: 10, cy: 50, w: 8, h: 8, scores: [0.2, 0.7] }, // gadget
];
const channelMajor = (['cx', 'cy', 'w', 'h'] as const)
  .map((key) => BOXES.map((box) => box[key]))
  .concat([0, 1].map((c) => BOXES.map((box) => box.scores[c])))
  .flat();

/** A registry whose default model is a `yolo` graph that always outputs BOXES, for a 64 x 64 input. */
async function yoloRegistry(resize: 'stretch' | 'letterbox') {
  const dir = emptyModelsDir();
  const onnxFile = constantOutputModel({
    inputName: 'images',
    inputShape: [1, 3, 64, 64],
    outputName: 'output0',
    outputShape: [1, 6, 3],
    values: channelMajor,
  });
  addModel(
    dir,
    'yolox-nano',
    {
      name: 'tiny-yolo',
      version: '1',
      family: 'yolo',
      file: 'tiny.onnx',
      sha256: undefined,
      skipChecksum: true,
      licence: 'test',
      input: { name: 'images', size: 64, layout: 'NCHW', colour: 'RGB', scale: 1 / 255, resize, align: 'center' },
      outputs: ['output0'],
      strides: undefined,
      labels: [{ name: 'widget' }, { name: 'gadget' }],
    },
    onnxFile,
  );
  return ModelRegistry.open({ shippedDir: dir, defaultModel: 'tiny-yolo' });
}

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#808080' } })
    .png()
    .toBuffer();

describe('the yolo decoder on an ONNX graph built by the test', () => {
  it('when the image was stretched (128 x 64 into 64 x 64), then boxes are cx,cy,w,h decoded, suppressed and mapped back per axis', async () => {
    const detector = await ObjectDetector.create({ registry: await yoloRegistry('stretch'), poolSize: 1 });
    try {
      const result = await detector.detect(await photo(128, 64), { minConfidence: 0.5 });
      expect(result.model).toEqual({ name: 'tiny-yolo', version: '1' });
      expect(result.detections).toEqual([
        // x halves back to the 128-wide image; y is unscaled. classId: the label's index (no COCO ids).
        { label: 'widget', classId: 0, confidence: expect.closeTo(0.9, 5), bbox: [44, 11, 84, 21] },
        { label: 'gadget', classId: 1, confidence: expect.closeTo(0.7, 5), bbox: [12, 46, 28, 54] },
      ]);
    } finally {
      await detector.close();
    }
  });

  it('when the image was letterboxed at the centre (64 x 32 into 64 x 64), then the 16 rows of padding come off first', async () => {
    const detector = await ObjectDetector.create({ registry: await yoloRegistry('letterbox'), poolSize: 1 });
    try {
      const result = await detector.detect(await photo(64, 32), { minConfidence: 0.5, classes: ['widget'] });
      // widget: y 11..21 in the input, minus 16 rows of padding, clamped to the image: 0..5.
      expect(result.detections).toEqual([
        { label: 'widget', classId: 0, confidence: expect.closeTo(0.9, 5), bbox: [22, 0, 42, 5] },
      ]);
    } finally {
      await detector.close();
    }
  });
});

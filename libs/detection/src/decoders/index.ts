import type { ModelFamily } from '../registry/model-manifest';
import type { Decoder } from './decoder';
import { decodeGfl } from './gfl.decoder';
import { decodeSsdTf } from './ssd-tf.decoder';
import { decodeYolo } from './yolo.decoder';
import { decodeYolox } from './yolox.decoder';

export type { Candidate, Decoder, InputBox, RawOutputs } from './decoder';

/** One decoder per family; NanoDet's head is PicoDet's (GFL), with its own strides and bins. */
export const DECODERS: Readonly<Record<ModelFamily, Decoder>> = Object.freeze({
  'ssd-tf': decodeSsdTf,
  picodet: decodeGfl,
  nanodet: decodeGfl,
  yolox: decodeYolox,
  yolo: decodeYolo,
});

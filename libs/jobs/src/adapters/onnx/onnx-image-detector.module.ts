import { DynamicModule, Module } from '@nestjs/common';
import { DetectorOptions, ObjectDetector, SHIPPED_MODEL_SHA256 } from '@app/detection';
import { IMAGE_DETECTOR } from '../../ports/image-detector.port';
import { OnnxImageDetector } from './onnx-image-detector';

export interface OnnxImageDetectorOptions extends Omit<DetectorOptions, 'expectedSha256'> {
  /**
   * The sha256 the model file must have, checked before any inference thread starts. Undefined: the shipped
   * model's (models/PROVENANCE.md). "skip": nothing is checked, for a model of one's own whose hash is not pinned.
   */
  modelSha256?: string;
}

/** The sha256 to hold the model file to, or undefined to check nothing. */
export function expectedModelSha256(options: Pick<OnnxImageDetectorOptions, 'modelSha256'>): string | undefined {
  if (options.modelSha256 === 'skip') return undefined;
  return options.modelSha256 ?? SHIPPED_MODEL_SHA256;
}

/** Binds the jobs' IMAGE_DETECTOR port to the ONNX detector (the worker only: the API never loads a model). */
@Module({})
export class OnnxImageDetectorModule {
  static forRoot(options: OnnxImageDetectorOptions): DynamicModule {
    const { modelSha256: _, ...detectorOptions } = options;
    return {
      module: OnnxImageDetectorModule,
      providers: [
        {
          provide: ObjectDetector,
          useFactory: () => ObjectDetector.create({ ...detectorOptions, expectedSha256: expectedModelSha256(options) }),
        },
        OnnxImageDetector,
        { provide: IMAGE_DETECTOR, useExisting: OnnxImageDetector },
      ],
      exports: [IMAGE_DETECTOR],
    };
  }
}

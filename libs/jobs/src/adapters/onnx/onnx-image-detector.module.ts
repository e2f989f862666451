import { DynamicModule, Module } from '@nestjs/common';
import { DetectorOptions, ModelRegistry, ObjectDetector } from '@app/detection';
import { IMAGE_DETECTOR } from '../../ports/image-detector.port';
import { OnnxImageDetector } from './onnx-image-detector';

export type OnnxImageDetectorOptions = Omit<DetectorOptions, 'registry'>;

/**
 * Binds the jobs' IMAGE_DETECTOR port to the ONNX detector (the worker only: the API never loads a model). It runs
 * the models of JobsModule's registry; the default model's file is checked and loaded in every thread before the
 * worker starts (a sha256 mismatch stops it), the others on their first image.
 */
@Module({})
export class OnnxImageDetectorModule {
  static forRoot(options: OnnxImageDetectorOptions): DynamicModule {
    return {
      module: OnnxImageDetectorModule,
      providers: [
        {
          provide: ObjectDetector,
          inject: [ModelRegistry],
          useFactory: (registry: ModelRegistry) => ObjectDetector.create({ ...options, registry }),
        },
        {
          provide: OnnxImageDetector,
          inject: [ObjectDetector],
          useFactory: (detector: ObjectDetector) => new OnnxImageDetector(detector),
        },
        { provide: IMAGE_DETECTOR, useExisting: OnnxImageDetector },
      ],
      exports: [IMAGE_DETECTOR],
    };
  }
}

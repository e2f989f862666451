/**
 * The pipeline limit: what sharp and onnxruntime alone allow on this machine, with no service code. Each image is
 * decoded and resized by sharp (EXIF rotation, plain resize to the model's input, raw RGB), turned into the model's
 * float tensor, and run by a bare session in one of two worker threads, four images in flight (as the worker keeps
 * them). The product's throughput on the same images is held against this.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';

export interface RawModel {
  modelPath: string;
  inputName: string;
  size: number;
}

export class PipelineLimit {
  private next = 0;
  private readonly waiting = new Map<number, () => void>();
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ id: number; input: Float32Array }> = [];

  private constructor(
    private readonly model: RawModel,
    private readonly workers: Worker[],
  ) {
    for (const worker of workers) {
      worker.on('message', ({ id }: { id: number }) => {
        this.waiting.get(id)?.();
        this.waiting.delete(id);
        this.dispatch(worker);
      });
      this.idle.push(worker);
    }
  }

  static async start(model: RawModel, threads = 2): Promise<PipelineLimit> {
    const workers = await Promise.all(
      Array.from({ length: threads }, async () => {
        const worker = new Worker(join(__dirname, 'raw-inference-worker.js'), {
          workerData: {
            modelPath: model.modelPath,
            inputName: model.inputName,
            inputShape: [1, model.size, model.size, 3],
          },
        });
        await new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        return worker;
      }),
    );
    return new PipelineLimit(model, workers);
  }

  /** Decode + resize (sharp), the tensor, one inference: the least any detection of this image costs. */
  async detect(image: Buffer): Promise<void> {
    const { size } = this.model;
    const pixels = await sharp(image).rotate().resize(size, size, { fit: 'fill' }).removeAlpha().raw().toBuffer();
    const input = new Float32Array(pixels.length);
    for (let i = 0; i < pixels.length; i++) input[i] = (pixels[i] * 2) / 255 - 1;
    const id = this.next++;
    await new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.queue.push({ id, input });
      const worker = this.idle.pop();
      if (worker) this.dispatch(worker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(worker: Worker): void {
    const job = this.queue.shift();
    if (!job) {
      this.idle.push(worker);
      return;
    }
    worker.postMessage(job, [job.input.buffer as ArrayBuffer]);
  }
}

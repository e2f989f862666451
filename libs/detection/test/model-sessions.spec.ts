import { describe, expect, it } from 'vitest';
import { createDetector, fixture } from './support/real-model';

const MiB = 2 ** 20;

describe('sessions per model within the memory budget', () => {
  it('when a model is first asked for, then its session loads then (lazily) and stays for the next image', async () => {
    const detector = await createDetector({ poolSize: 1 });
    try {
      expect(await detector.heldSessions()).toEqual(['ssdlite@1']); // the default, loaded at start-up
      await detector.detect(fixture('chelsea.png'), { model: 'picodet-s-320' });
      await detector.detect(fixture('chelsea.png'), { model: 'yolox-nano' });
      await detector.detect(fixture('chelsea.png'), { model: 'picodet-s-320' });
      expect(await detector.heldSessions()).toEqual(['ssdlite@1', 'yolox-nano@1', 'picodet-s-320@1']);
    } finally {
      await detector.close();
    }
  });

  it('when a new session would exceed the budget, then the least recently used ones are released first', async () => {
    // Each thread's share: 70 MiB. SSDLite counts 3 x 18.1 MB (about 52 MiB), PicoDet and YOLOX about 11 MiB each.
    const detector = await createDetector({ poolSize: 1, modelMemoryBytes: 70 * MiB });
    try {
      await detector.detect(fixture('chelsea.png'), { model: 'picodet-s-320' });
      expect(await detector.heldSessions()).toEqual(['ssdlite@1', 'picodet-s-320@1']);
      await detector.detect(fixture('chelsea.png'), { model: 'yolox-nano' }); // ssdlite, least recent, goes
      expect(await detector.heldSessions()).toEqual(['picodet-s-320@1', 'yolox-nano@1']);
      const again = await detector.detect(fixture('chelsea.png')); // the default loads again on demand
      expect(again.detections[0].label).toBe('cat');
      expect(await detector.heldSessions()).toEqual(['yolox-nano@1', 'ssdlite@1']);
    } finally {
      await detector.close();
    }
  });
});

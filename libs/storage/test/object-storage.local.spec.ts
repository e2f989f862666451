import { storageOptionsOf } from '@app/config';
import { createObjectStorage } from '../src/storage.module';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { describeObjectStorageContract } from './object-storage.contract';

describeObjectStorageContract('files under DATA_DIR', async () => {
  const data = tempDataDir('storage-contract');
  const storage = createObjectStorage(storageOptionsOf(testConfig({ DATA_DIR: data.dir })));
  return { storage, close: async () => data.remove() };
});

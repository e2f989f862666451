import { jobsOptionsOf, storageOptionsOf } from '@app/config';
import { createObjectStorage } from '../../storage/src/storage.module';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { SqliteJobStore } from '../src/adapters/sqlite/sqlite-job-store';
import { createJobStore } from '../src/jobs.module';
import { describeJobStoreContract } from './job-store.contract';

describeJobStoreContract('SQLite', async () => {
  const data = tempDataDir('store-contract');
  const config = testConfig({ DATA_DIR: data.dir });
  const storage = createObjectStorage(storageOptionsOf(config));
  const store = createJobStore(jobsOptionsOf(config).store, storage) as SqliteJobStore;
  return {
    store,
    storage,
    config,
    async close() {
      store.close();
      data.remove();
    },
  };
});

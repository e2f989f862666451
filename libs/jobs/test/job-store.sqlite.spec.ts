import { createObjectStorage } from '@app/storage';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { SqliteJobStore } from '../src/adapters/sqlite/sqlite-job-store';
import { createJobStore } from '../src/jobs.module';
import { describeJobStoreContract } from './job-store.contract';

describeJobStoreContract('SQLite', async () => {
  const data = tempDataDir('store-contract');
  const config = testConfig({ DATA_DIR: data.dir });
  const storage = createObjectStorage(config);
  const store = createJobStore(config, storage) as SqliteJobStore;
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

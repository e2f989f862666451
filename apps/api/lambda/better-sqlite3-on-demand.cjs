/**
 * Stands in for better-sqlite3 in the Lambda bundle. The self-hosted job store imports it, but Lambda runs with
 * the DynamoDB store (JOBS_TABLE_NAME) and must not carry a native module; so the real package is only
 * required if a SQLite store is actually opened, and a clear error says what to configure when it is missing.
 */
const PACKAGE = 'better-sqlite3';

function loadBetterSqlite3() {
  try {
    // A computed name keeps esbuild from bundling it.
    return require(PACKAGE);
  } catch (error) {
    throw new Error(
      `The Lambda bundle has no SQLite job store (${PACKAGE} is a native module): set JOBS_TABLE_NAME to use DynamoDB. ${error.message}`,
      { cause: error },
    );
  }
}

module.exports = function Database(...args) {
  const RealDatabase = loadBetterSqlite3();
  return new RealDatabase(...args);
};

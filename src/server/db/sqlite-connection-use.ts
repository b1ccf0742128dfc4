// Kysely's SQLite driver lends its one connection to one statement or transaction at a time; everything else
// waits for it. This dialect counts both, so the metrics can show how busy the connection is and how many
// queries queue behind a transaction — SQLite's counterpart of a pool's in-use and waiting numbers.
import { SqliteDialect, type Driver, type SqliteDialectConfig } from 'kysely';

export interface ConnectionUse {
  /** 1 while a statement or a transaction holds the connection. */
  inUse: number;
  /** Statements and transactions waiting for it. */
  waiting: number;
}

export class CountingSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly use: ConnectionUse,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    const use = this.use;
    driver.acquireConnection = async () => {
      use.waiting++;
      try {
        const connection = await acquire();
        use.inUse++;
        return connection;
      } finally {
        use.waiting--;
      }
    };
    driver.releaseConnection = async (connection) => {
      use.inUse--;
      await release(connection);
    };
    return driver;
  }
}

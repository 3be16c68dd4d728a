// Stand-in for the `pg` client in the Medusa script tests (copied to <app>/node_modules/pg/index.js):
// it understands exactly the statements migrations-marker.js sends, keeping the rows in the JSON file $FAKE_PG_DB.
"use strict";
const fs = require("node:fs");

class Client {
  constructor({ connectionString }) {
    if (!connectionString) throw new Error("no connection string");
  }
  async connect() {
    if (process.env.FAKE_PG_DOWN) throw new Error("connect ECONNREFUSED");
  }
  async end() {}
  async query(sql, params = []) {
    const file = process.env.FAKE_PG_DB;
    const table = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
    if (sql.startsWith("CREATE TABLE IF NOT EXISTS storefleet_migrations")) {
      if (!table) fs.writeFileSync(file, "[]");
      return { rows: [] };
    }
    if (!table) throw new Error('relation "storefleet_migrations" does not exist');
    if (sql.startsWith("INSERT INTO storefleet_migrations")) {
      if (!table.includes(params[0])) fs.writeFileSync(file, JSON.stringify([...table, params[0]]));
      return { rows: [] };
    }
    if (sql.startsWith("SELECT 1 FROM storefleet_migrations WHERE revision >= $1")) {
      return { rows: table.filter((r) => r >= params[0]).slice(0, 1).map(() => ({ "?column?": 1 })) };
    }
    throw new Error(`fake pg: unexpected query: ${sql}`);
  }
}
module.exports = { Client };

// Exits 0 when URL answers with a 2xx status, 1 otherwise (one try, 5 s timeout).
"use strict";
const http = require("node:http");
const request = http.get(process.argv[2], { timeout: 5000 }, (response) => {
  response.resume();
  process.exit(response.statusCode >= 200 && response.statusCode < 300 ? 0 : 1);
});
request.on("timeout", () => process.exit(1));
request.on("error", () => process.exit(1));

// Exits 0 once HOST:PORT accepts a TCP connection, 1 otherwise (one try, 3 s timeout).
// Node is in every Medusa image; netcat and psql may not be.
"use strict";
const net = require("node:net");
const [host, port] = process.argv.slice(2);
const socket = net.connect({ host, port: Number(port), timeout: 3000 });
socket.on("connect", () => { socket.end(); process.exit(0); });
socket.on("timeout", () => process.exit(1));
socket.on("error", () => process.exit(1));

// PM2 runs the two native binaries on one host (no Node.js interpreter involved).
// Start:  STOREFLEET_HOME=/srv/storefleet pm2 start compose/pm2/ecosystem.config.js
// Paths come from the environment so the same file works for a build tree and an install.
// Tokens: the admin token (log in, CLI, REST) and the internal token (API <-> provisioner) are files, 0600,
// made on the first start when missing: $STOREFLEET_HOME/admin-token and $STOREFLEET_HOME/internal-token (or
// STOREFLEET_ADMIN_TOKEN_FILE / STOREFLEET_INTERNAL_TOKEN_FILE). Only the paths go on the command lines.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = process.env.STOREFLEET_ROOT || path.resolve(__dirname, '../..');
const bin = process.env.STOREFLEET_BIN_DIR || path.join(root, 'build/services');
const home = process.env.STOREFLEET_HOME || path.join(root, '.pm2-state');
const apiPort = process.env.STOREFLEET_API_PORT || '3001';
const provisionerPort = process.env.STOREFLEET_PROVISIONER_PORT || '3002';
const adminTokenFile = process.env.STOREFLEET_ADMIN_TOKEN_FILE || path.join(home, 'admin-token');
const internalTokenFile = process.env.STOREFLEET_INTERNAL_TOKEN_FILE || path.join(home, 'internal-token');

// A new random token in `file` unless it exists; 'wx' never overwrites one (two starts at once keep the first).
function ensureTokenFile(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
}
ensureTokenFile(adminTokenFile);
ensureTokenFile(internalTokenFile);

const common = {
  interpreter: 'none',
  exec_mode: 'fork',
  instances: 1,
  autorestart: true,
  restart_delay: 2000,
  exp_backoff_restart_delay: 200,
  max_restarts: 50,
  kill_timeout: 10000, // graceful shutdown: finish in-flight requests, end SSE streams
  merge_logs: true,
  time: true,
  env: {
    STOREFLEET_DB: path.join(home, 'storefleet.db'),
    STOREFLEET_STORE_DOMAIN: process.env.STOREFLEET_STORE_DOMAIN || 'local',
    STOREFLEET_LOG_LEVEL: process.env.STOREFLEET_LOG_LEVEL || 'info',
    // HTTPS: set STOREFLEET_TLS_CERT_FILE and STOREFLEET_TLS_KEY_FILE before `pm2 start` (both services read
    // them); `pm2 sendSignal SIGHUP storefleet-api` reloads a renewed certificate.
    ...(process.env.STOREFLEET_TLS_CERT_FILE && {
      STOREFLEET_TLS_CERT_FILE: process.env.STOREFLEET_TLS_CERT_FILE,
      STOREFLEET_TLS_KEY_FILE: process.env.STOREFLEET_TLS_KEY_FILE,
    }),
  },
};

module.exports = {
  apps: [
    {
      ...common,
      name: 'storefleet-provisioner',
      script: path.join(bin, 'provisioner/storefleet-provisioner'),
      args: [
        '--listen', `127.0.0.1:${provisionerPort}`,
        '--chart', path.join(root, 'charts/store'),
        '--helm', process.env.STOREFLEET_HELM || 'helm',
        '--values-env', process.env.STOREFLEET_VALUES_ENV || 'local',
        '--internal-token-file', internalTokenFile,
        ...(process.env.KUBECONFIG ? ['--kubeconfig', process.env.KUBECONFIG] : []),
      ],
      out_file: path.join(home, 'logs/provisioner.out.log'),
      error_file: path.join(home, 'logs/provisioner.err.log'),
    },
    {
      ...common,
      name: 'storefleet-api',
      script: path.join(bin, 'api/storefleet-api'),
      args: [
        '--listen', `${process.env.STOREFLEET_API_HOST || '127.0.0.1'}:${apiPort}`,
        '--provisioner-url', `http://127.0.0.1:${provisionerPort}`,
        '--dashboard-dir', path.join(root, 'services/dashboard/dist'),
        '--admin-token-file', adminTokenFile,
        '--internal-token-file', internalTokenFile,
      ],
      out_file: path.join(home, 'logs/api.out.log'),
      error_file: path.join(home, 'logs/api.err.log'),
    },
  ],
};

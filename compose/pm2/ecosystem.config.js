// PM2 runs the two native binaries on one host (no Node.js interpreter involved).
// Start:  STOREFLEET_HOME=/srv/storefleet pm2 start compose/pm2/ecosystem.config.js
// Paths come from the environment so the same file works for a build tree and an install.
const path = require('path');

const root = process.env.STOREFLEET_ROOT || path.resolve(__dirname, '../..');
const bin = process.env.STOREFLEET_BIN_DIR || path.join(root, 'build/services');
const home = process.env.STOREFLEET_HOME || path.join(root, '.pm2-state');
const apiPort = process.env.STOREFLEET_API_PORT || '3001';
const provisionerPort = process.env.STOREFLEET_PROVISIONER_PORT || '3002';

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
      ],
      out_file: path.join(home, 'logs/api.out.log'),
      error_file: path.join(home, 'logs/api.err.log'),
    },
  ],
};

// The command line both peer servers take: --host H --port N --heartbeat-interval MS (as bench/run passes them).
'use strict';

function parse(args) {
  const result = { host: '127.0.0.1', port: 0, heartbeatInterval: 25000 };
  for (let i = 0; i < args.length; i += 2) {
    const value = args[i + 1];
    switch (args[i]) {
      case '--host': result.host = value; break;
      case '--port': result.port = Number(value); break;
      case '--heartbeat-interval': result.heartbeatInterval = Number(value); break;
      default: console.error(`unknown option ${args[i]}`); process.exit(2);
    }
  }
  return result;
}

module.exports = { parse };

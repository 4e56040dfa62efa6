import { createServer } from 'node:http';
import { loadConfigOrExit } from '@interdict/config';
import { getLogger, initLogging } from '@interdict/logger';

// Shell only: the Intune Graph and Jamf Pro simulator arrives with its own issue.
const config = loadConfigOrExit();
initLogging(config.log);
const server = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(req.url === '/health' ? { status: 'ok' } : { error: 'not found' }));
});
server.listen(config.simulator.port, config.simulator.host, () =>
  getLogger('Simulator').info({ port: config.simulator.port }, 'mdm simulator listening'),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => server.close(() => process.exit(0)));

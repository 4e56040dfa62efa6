import { execFile } from 'node:child_process';

/** What `selfsigned` is asked for: subject attributes and options (dates as Date). */
export type CertificateRequest = [
  attributes: { name: string; value: string }[],
  options: { keySize: number; notAfterDate: Date; extensions?: unknown[] },
];

export interface CertificatePem {
  private: string;
  cert: string;
}

// Runs in the child: `selfsigned` (node-forge underneath) costs resident memory that the simulator would otherwise
// carry for its whole life, for work done once at start-up.
const CHILD = `
const { generate } = require(process.argv[1]);
const requests = JSON.parse(process.argv[2]);
Promise.all(requests.map(([attributes, options]) =>
  generate(attributes, { ...options, notAfterDate: new Date(options.notAfterDate) })))
  .then((made) => process.stdout.write(JSON.stringify(made.map((m) => ({ private: m.private, cert: m.cert })))))
  .catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

/** Self-signed key pairs and certificates, generated in a short-lived child process. */
export function generateCertificates(requests: CertificateRequest[]): Promise<CertificatePem[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD, require.resolve('selfsigned'), JSON.stringify(requests)],
      { timeout: 120_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`simulator: generating certificates failed: ${stderr.trim() || error.message}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as CertificatePem[]);
        } catch {
          reject(new Error('simulator: generating certificates gave no readable output'));
        }
      },
    );
  });
}

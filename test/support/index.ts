// @interdict/testing: what database tests share — a database of their own, a worker module wired as in production,
// and rows written as the sync writes them. Test code only: not built into dist/, and lint refuses it elsewhere.
export { createTestDatabase, type TestDatabase } from './test-database';
export { startWorkerModule } from './worker-module';
export * from './factories';
export { startTestSmtpServer, type TestSmtpServer, type TestSmtpOptions } from './smtp-server';
export { startTestS3, type TestS3, type SeenS3Request } from './s3-server';

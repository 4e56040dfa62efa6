import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ApiKeyService, AuditService, AuthGuard, OidcVerifier, Public, Roles } from '@interdict/auth';
import { Config, loadConfig } from '@interdict/config';
import { join } from 'node:path';
import { ApiExceptionFilter } from '../../apps/api/src/common/api-exception.filter';

// Routes a developer might add: one forgot its access decision, one throws something unexpected.
@Controller('probe')
class ProbeController {
  @Get('forgot')
  forgot(): string {
    return 'must never be served';
  }

  @Get('open')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('crash')
  @Public()
  crash(): never {
    throw new Error('secret internals: password=hunter2 at /srv/app.ts:12');
  }

  @Get('viewer')
  @Roles('viewer')
  viewer(): string {
    return 'needs a key';
  }
}

describe('the global guard and error filter on routes outside the real app', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    const config = loadConfig({
      env: { LOG_LEVEL: 'silent' },
      configDir: join(__dirname, '..', 'support', 'no-config'),
    });
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: Config, useValue: config },
        // Never reached for these routes: the guard decides before any key lookup.
        { provide: DataSource, useValue: {} },
        ApiKeyService,
        AuditService,
        OidcVerifier,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication(new ExpressAdapter());
    await app.listen(0, '127.0.0.1');
    const addr = app.getHttpServer().address() as { port: number };
    url = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a route with no access decision, even to a caller with no credentials problem', async () => {
    const res = await fetch(`${url}/probe/forgot`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route_not_classified');
  });

  it('serves a public route and asks for a key on a role route', async () => {
    expect((await fetch(`${url}/probe/open`)).status).toBe(200);
    expect((await fetch(`${url}/probe/viewer`)).status).toBe(401);
  });

  it('answers an unexpected error with a generic 500 that leaks nothing', async () => {
    const res = await fetch(`${url}/probe/crash`, { headers: { 'x-request-id': 'crash-1' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'internal_error',
        message: 'Internal error; the request id is in the log',
        field: null,
        details: null,
        requestId: expect.any(String),
      },
    });
    expect(text).not.toMatch(/hunter2|srv|stack/);
  });
});

import { Webhook } from 'standardwebhooks';
import { generateSecret, secretKey, signedHeaders } from './signature';

// Signatures are checked with the independent `standardwebhooks` package, never with our own code.
describe('signature', () => {
  const body = JSON.stringify({ hello: 'world', n: 1 });

  it('generates whsec_ secrets of 24 random bytes', () => {
    const s = generateSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(secretKey(s)).toHaveLength(24);
    expect(generateSecret()).not.toBe(s);
  });

  it('produces headers the standardwebhooks verifier accepts', () => {
    const secret = generateSecret();
    const headers = signedHeaders([secretKey(secret)], 'msg_1', body);
    expect(new Webhook(secret).verify(body, headers)).toEqual({ hello: 'world', n: 1 });
  });

  it('is refused by the verifier when the body changes', () => {
    const secret = generateSecret();
    const headers = signedHeaders([secretKey(secret)], 'msg_1', body);
    expect(() => new Webhook(secret).verify(body.replace('1', '2'), headers)).toThrow();
  });

  it('is refused by the verifier for another secret', () => {
    const headers = signedHeaders([secretKey(generateSecret())], 'msg_1', body);
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it('during a rotation, verifies with the new and with the old secret', () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const headers = signedHeaders([secretKey(newSecret), secretKey(oldSecret)], 'msg_2', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(oldSecret).verify(body, headers)).toBeTruthy();
  });
});

import { findReservedKeys } from './reserved-keys';

describe('findReservedKeys', () => {
  it('finds __proto__ (an own property after JSON.parse), constructor and prototype at any depth, by path', () => {
    const body: unknown = JSON.parse(
      '{"__proto__":{"admin":true},"a":{"b":[1,{"constructor":{}}]},"c":[[{"prototype":null}]],"d":"__proto__"}',
    );
    expect(findReservedKeys(body)).toEqual(['__proto__', 'a.b.1.constructor', 'c.0.0.prototype']);
  });

  it('finds nothing in ordinary values, names that merely contain a reserved word, or non-objects', () => {
    expect(findReservedKeys(JSON.parse('{"__proto__x":1,"my_constructor":[{"prototypes":2}]}'))).toEqual([]);
    for (const value of [null, 1, 'constructor', [], {}, undefined])
      expect(findReservedKeys(value)).toEqual([]);
  });

  it('stops after 20 paths', () => {
    const many: unknown = JSON.parse(`[${Array(50).fill('{"__proto__":1}').join(',')}]`);
    expect(findReservedKeys(many)).toHaveLength(20);
  });
});

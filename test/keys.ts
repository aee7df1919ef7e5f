import { Keyring } from '../src/server/crypto/keyring.ts';

/** A keyring whose only key seals the older way: a key file written before the block scheme. */
export function gcmKeyring(): Keyring {
  const json = Keyring.generate().toJSON();
  const { scheme: _scheme, ...k1 } = json.keys.k1!;
  return Keyring.parse(JSON.stringify({ ...json, keys: { k1 } }), null);
}

'use strict';
// Rotates the Zonecam token-signing secret (Secrets Manager's four-step protocol). The secret holds
// {kid, privateKey (base64 PKCS#8), publicKey (base64url raw, as JWK x), next: {...}, previous: [{kid, publicKey}]}.
// A rotation promotes the already published "next" key, so nodes know a key before any token uses it.
const crypto = require('node:crypto');
const KEEP_PREVIOUS = 2;

function freshKey() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return {
    kid: crypto.createHash('sha256').update(raw).digest().subarray(0, 12).toString('base64url'),
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: raw.toString('base64url'),
  };
}

function rotate(current) {
  const cur = current && typeof current === 'object' ? current : {};
  const now = cur.next && cur.next.privateKey ? cur.next : freshKey();
  const previous = [];
  if (cur.kid && cur.publicKey) previous.push({ kid: cur.kid, publicKey: cur.publicKey });
  for (const p of Array.isArray(cur.previous) ? cur.previous : []) {
    if (previous.length < KEEP_PREVIOUS && p.kid !== now.kid) previous.push({ kid: p.kid, publicKey: p.publicKey });
  }
  return { alg: 'EdDSA', kid: now.kid, privateKey: now.privateKey, publicKey: now.publicKey, next: freshKey(), previous };
}

function check(m) {
  for (const k of [m, m.next]) {
    const priv = crypto.createPrivateKey({ key: Buffer.from(k.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const raw = crypto.createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(12);
    if (raw.toString('base64url') !== k.publicKey) throw new Error('public key does not match private key ' + k.kid);
    const sig = crypto.sign(null, Buffer.from('zonecam'), priv);
    if (!crypto.verify(null, Buffer.from('zonecam'), crypto.createPublicKey(priv), sig)) throw new Error('bad key ' + k.kid);
  }
}

exports.rotate = rotate;
exports.check = check;

exports.handler = async (event) => {
  const sm = require('@aws-sdk/client-secrets-manager');
  const client = new sm.SecretsManagerClient({});
  const id = event.SecretId, token = event.ClientRequestToken, step = event.Step;
  const meta = await client.send(new sm.DescribeSecretCommand({ SecretId: id }));
  const stages = (meta.VersionIdsToStages || {})[token];
  if (!meta.RotationEnabled || !stages) throw new Error('version ' + token + ' of ' + id + ' is not being rotated');
  if (stages.includes('AWSCURRENT')) return;
  if (!stages.includes('AWSPENDING')) throw new Error('version ' + token + ' is not AWSPENDING');
  const pending = () => client.send(new sm.GetSecretValueCommand({ SecretId: id, VersionId: token, VersionStage: 'AWSPENDING' }));
  if (step === 'createSecret') {
    try { await pending(); return; } catch (e) { if (e.name !== 'ResourceNotFoundException') throw e; }
    const cur = await client.send(new sm.GetSecretValueCommand({ SecretId: id, VersionStage: 'AWSCURRENT' }));
    let current = {};
    try { current = JSON.parse(cur.SecretString); } catch (e) { current = {}; }
    await client.send(new sm.PutSecretValueCommand({ SecretId: id, ClientRequestToken: token,
      SecretString: JSON.stringify(rotate(current)), VersionStages: ['AWSPENDING'] }));
  } else if (step === 'setSecret') {
    // Nothing outside Secrets Manager holds the key: nodes learn public keys from the control plane's JWKS.
  } else if (step === 'testSecret') {
    check(JSON.parse((await pending()).SecretString));
  } else if (step === 'finishSecret') {
    const old = Object.keys(meta.VersionIdsToStages).find((v) => meta.VersionIdsToStages[v].includes('AWSCURRENT'));
    await client.send(new sm.UpdateSecretVersionStageCommand({ SecretId: id, VersionStage: 'AWSCURRENT',
      MoveToVersionId: token, RemoveFromVersionId: old }));
  } else {
    throw new Error('unknown rotation step ' + step);
  }
};

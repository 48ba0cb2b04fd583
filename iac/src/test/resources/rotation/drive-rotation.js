'use strict';
// Runs the rotation function through Secrets Manager's four steps, three times, from the placeholder the stack
// creates, and prints every AWSCURRENT value.
const rotation = require(process.argv[2]);
global.secretsManagerState = { versions: { v0: { stages: ['AWSCURRENT'], value: '{"pending":true,"placeholder":"x"}' } } };
(async () => {
  const seen = [];
  for (const token of ['v1', 'v2', 'v3', 'v4']) {
    global.secretsManagerState.versions[token] = { stages: ['AWSPENDING'] };
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
      await rotation.handler({ SecretId: 'zonecam/tokens/signing-key', ClientRequestToken: token, Step: step });
    }
    // A retried step after success is a no-op.
    await rotation.handler({ SecretId: 'zonecam/tokens/signing-key', ClientRequestToken: token, Step: 'createSecret' });
    const current = Object.entries(global.secretsManagerState.versions).filter(([, v]) => v.stages.includes('AWSCURRENT'));
    if (current.length !== 1 || current[0][0] !== token) throw new Error('AWSCURRENT is not on ' + token);
    seen.push(JSON.parse(current[0][1].value));
  }
  console.log(JSON.stringify(seen));
})().catch((e) => { console.error(e); process.exit(1); });

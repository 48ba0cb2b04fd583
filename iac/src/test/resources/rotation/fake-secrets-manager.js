'use strict';
// In-memory stand-in for @aws-sdk/client-secrets-manager: just the calls a rotation function makes, with
// Secrets Manager's version-stage rules (a version id is created AWSPENDING, empty, before createSecret).
class Command { constructor(input) { this.input = input; } }
class DescribeSecretCommand extends Command {}
class GetSecretValueCommand extends Command {}
class PutSecretValueCommand extends Command {}
class UpdateSecretVersionStageCommand extends Command {}

function notFound() { const e = new Error('not found'); e.name = 'ResourceNotFoundException'; return e; }

class SecretsManagerClient {
  async send(c) {
    const s = global.secretsManagerState;
    const i = c.input;
    if (c instanceof DescribeSecretCommand) {
      const stages = {};
      for (const [id, v] of Object.entries(s.versions)) stages[id] = [...v.stages];
      return { RotationEnabled: true, VersionIdsToStages: stages };
    }
    if (c instanceof GetSecretValueCommand) {
      const v = i.VersionId ? s.versions[i.VersionId] : Object.values(s.versions).find((x) => x.stages.includes(i.VersionStage));
      if (!v || v.value === undefined || (i.VersionStage && !v.stages.includes(i.VersionStage))) throw notFound();
      return { SecretString: v.value };
    }
    if (c instanceof PutSecretValueCommand) {
      s.versions[i.ClientRequestToken] = { stages: [...i.VersionStages], value: i.SecretString };
      return {};
    }
    if (c instanceof UpdateSecretVersionStageCommand) {
      const from = s.versions[i.RemoveFromVersionId];
      from.stages = from.stages.filter((x) => x !== i.VersionStage);
      s.versions[i.MoveToVersionId].stages = s.versions[i.MoveToVersionId].stages
        .filter((x) => x !== 'AWSPENDING').concat([i.VersionStage]);
      return {};
    }
    throw new Error('unexpected command ' + c.constructor.name);
  }
}

module.exports = { SecretsManagerClient, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand,
  UpdateSecretVersionStageCommand };

/**
 * A loopback fake of AWS Secrets Manager, speaking the service's JSON protocol as the
 * official SDK (and Powertools' `SecretsProvider` on top of it) uses it: `POST /` with
 * `X-Amz-Target: secretsmanager.GetSecretValue` and an `application/x-amz-json-1.1` body
 * `{"SecretId": …}`; answers `{ARN, Name, SecretString, VersionId, …}`, or a
 * `ResourceNotFoundException` error body with status 400 for an unknown id.
 *
 * @module
 */

/** One request as the fake saw it. */
export interface SecretsRequest {
  target: string | null;
  secretId: string;
  /** True when the request carried a SigV4 `Authorization` header. */
  signed: boolean;
}

/** A running fake; `close` it when the test ends. */
export interface FakeSecretsManager {
  url: string;
  requests: SecretsRequest[];
  /** Sets (or replaces) a secret's string value, by ARN or name. */
  set(id: string, value: string): void;
  close(): Promise<void>;
}

const JSON_11 = { "content-type": "application/x-amz-json-1.1" };

function awsError(type: string, message: string): Response {
  return new Response(JSON.stringify({ __type: type, message }), {
    status: 400,
    headers: { ...JSON_11, "x-amzn-errortype": type },
  });
}

/** Starts the fake on 127.0.0.1 with the given secrets (id → string value). */
export function startFakeSecretsManager(
  secrets: Record<string, string> = {},
): FakeSecretsManager {
  const store = new Map(Object.entries(secrets));
  const requests: SecretsRequest[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const target = req.headers.get("x-amz-target");
    const body = await req.json().catch(() => ({})) as { SecretId?: unknown };
    const secretId = typeof body.SecretId === "string" ? body.SecretId : "";
    requests.push({ target, secretId, signed: req.headers.has("authorization") });
    if (target !== "secretsmanager.GetSecretValue") {
      return awsError("UnknownOperationException", `unsupported target ${target}`);
    }
    const value = store.get(secretId);
    if (value === undefined) {
      return awsError("ResourceNotFoundException", "Secrets Manager can't find the secret.");
    }
    const name = secretId.replace(/^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:/, "");
    return new Response(
      JSON.stringify({
        ARN: secretId.startsWith("arn:") ? secretId : `arn:aws:secretsmanager:::secret:${name}`,
        Name: name,
        SecretString: value,
        VersionId: "00000000-0000-0000-0000-000000000001",
        VersionStages: ["AWSCURRENT"],
        CreatedDate: 1_700_000_000,
      }),
      { headers: JSON_11 },
    );
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    set: (id, value) => void store.set(id, value),
    close: () => server.shutdown(),
  };
}

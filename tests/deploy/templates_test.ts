import assert from "node:assert/strict";
import { parseTemplate } from "../support/cfn_yaml.ts";
import { loadSpecification, validateTemplate } from "../support/cfn_validate.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const spec = loadSpecification();

/** Every CloudFormation template the project ships: the Lambda stack and deploy/*. */
async function templates(): Promise<string[]> {
  const found = ["lambda/template.yaml"];
  for await (const entry of Deno.readDir(`${ROOT}deploy`)) {
    if (!/\.(ya?ml|json)$/.test(entry.name)) continue;
    const text = await Deno.readTextFile(`${ROOT}deploy/${entry.name}`);
    if (/^(AWSTemplateFormatVersion|Resources):/m.test(text)) found.push(`deploy/${entry.name}`);
  }
  return found.sort();
}

Deno.test("the shipped templates pass the CloudFormation specification checks", async (t) => {
  const files = await templates();
  assert.ok(files.includes("deploy/ecs-fargate.yaml"));
  for (const file of files) {
    await t.step(file, async () => {
      const result = validateTemplate(
        parseTemplate(await Deno.readTextFile(`${ROOT}${file}`)),
        spec,
      );
      assert.deepEqual(result.errors, [], `${file}:\n${result.errors.join("\n")}`);
      assert.ok(result.resources > 5);
      console.log(
        `${file}: ${result.resources} resources valid against spec ` +
          `${spec.ResourceSpecificationVersion}; Resource "*" allowed for: ` +
          (result.wildcardExceptions.join("; ") || "none"),
      );
    });
  }
});

Deno.test("the Lambda template wires S3 → SQS → Lambda by default", async () => {
  const t = parseTemplate(await Deno.readTextFile(`${ROOT}lambda/template.yaml`));
  const resources = t.Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown>; Condition?: string }
  >;
  const params = t.Parameters as Record<string, { Default?: string }>;
  assert.equal(params.Trigger.Default, "sqs");
  const mappings = Object.values(resources).filter((r) =>
    r.Type === "AWS::Lambda::EventSourceMapping"
  );
  assert.equal(mappings.length, 2);
  for (const m of mappings) {
    assert.deepEqual(m.Properties.FunctionResponseTypes, ["ReportBatchItemFailures"]);
    assert.equal(m.Condition, "ViaSqs");
  }
  for (const queue of ["RawQueue", "ProcessedQueue"]) {
    const redrive = resources[queue].Properties.RedrivePolicy as Record<string, unknown>;
    assert.deepEqual(redrive.deadLetterTargetArn, { "Fn::GetAtt": ["DeadLetterQueue", "Arn"] });
  }
  assert.ok(resources.VectorizeFunction.Properties.ReservedConcurrentExecutions);
  const globals = (t.Globals as { Function: Record<string, unknown> }).Function;
  assert.equal(globals.Runtime, "nodejs22.x");
  assert.deepEqual(globals.Architectures, ["arm64"]);
});

Deno.test("the checks catch what they claim to", async (t) => {
  const base = await Deno.readTextFile(`${ROOT}lambda/template.yaml`);
  const cases: [string, (text: string) => string, RegExp][] = [
    [
      "an unknown property",
      (s) => s.replace("VisibilityTimeout: 360", "VisibilityTimeOut: 360"),
      /VisibilityTimeOut: not a property of AWS::SQS::Queue/,
    ],
    [
      "an unknown nested property",
      (s) => s.replace("MaximumConcurrency: 10", "MaxConcurrency: 10"),
      /ScalingConfig\.MaxConcurrency: not a property/,
    ],
    [
      "an unknown resource type",
      (s) => s.replace("Type: AWS::SQS::QueuePolicy", "Type: AWS::SQS::QueuePolicies"),
      /unknown resource type AWS::SQS::QueuePolicies/,
    ],
    [
      "an unknown SAM property",
      (s) => s.replace("Handler: process.handler", "Handler: process.handler\n      Handlr: x"),
      /Handlr: not a property of AWS::Serverless::Function/,
    ],
    [
      "a dangling !Ref",
      (s) => s.replace("LogGroup: !Ref ProcessLogGroup", "LogGroup: !Ref ProcesLogGroup"),
      /!Ref ProcesLogGroup names nothing/,
    ],
    [
      "a bad !GetAtt attribute",
      (s) => s.replace("Resource: !GetAtt RawQueue.Arn", "Resource: !GetAtt RawQueue.Url"),
      /!GetAtt RawQueue\.Url: no such attribute/,
    ],
    [
      "a dangling !Sub variable",
      (s) => s.replace('"${AWS::StackName}-process"', '"${StackName}-process"'),
      /!Sub \$\{StackName\} names nothing/,
    ],
    [
      "an undefined condition",
      (s) => s.replace("Condition: ViaS3", "Condition: ViaS4"),
      /condition ViaS4 is not defined/,
    ],
    [
      "a missing required property",
      (s) => s.replace("      FunctionName: !Ref ProcessFunction\n", ""),
      /missing required/,
    ],
    [
      'Resource "*" on a scoped action',
      (s) =>
        s.replace(
          "Action: s3:PutObject\n              Resource: !Sub",
          'Action: s3:PutObject\n              Resource: "*"\n              Condition: !Sub',
        ),
      /Resource "\*" for s3:PutObject/,
    ],
  ];
  for (const [name, mutate, expected] of cases) {
    await t.step(name, () => {
      const mutated = mutate(base);
      assert.notEqual(mutated, base, "the mutation applies");
      const { errors } = validateTemplate(parseTemplate(mutated), spec);
      assert.ok(errors.some((e) => expected.test(e)), `${expected} not in:\n${errors.join("\n")}`);
    });
  }
});

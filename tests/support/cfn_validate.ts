/**
 * Checks a CloudFormation (or SAM) template against the CloudFormation resource
 * specification shipped by `@aws-cdk/cfnspec`, plus the SAM types in `sam_spec.ts`:
 *
 * - every resource type exists, every property (nested ones too) is one the type has,
 *   and required properties are present (both branches of an `Fn::If` are checked);
 * - every `Ref`, `Fn::GetAtt` (attribute included), `Fn::Sub` variable, condition and
 *   `DependsOn` names something the template or CloudFormation defines;
 * - every IAM `Allow` statement names its resources: `Resource: "*"` is accepted only when
 *   every action is one AWS cannot scope to a resource ({@linkcode WILDCARD_ONLY_ACTIONS}).
 *
 * @module
 */
import { createRequire } from "node:module";
import { SAM_GLOBAL_FUNCTION_KEYS, SAM_TYPES, samGeneratedNames } from "./sam_spec.ts";
import type { Template } from "./cfn_yaml.ts";

interface PropertySpec {
  Required?: boolean;
  Type?: string;
  ItemType?: string;
  PrimitiveType?: string;
  PrimitiveItemType?: string;
}
interface TypeSpec {
  Properties?: Record<string, PropertySpec>;
  Attributes?: Record<string, unknown>;
}
/** The parts of the resource specification the checks read. */
export interface ResourceSpecification {
  ResourceSpecificationVersion: string;
  ResourceTypes: Record<string, TypeSpec>;
  PropertyTypes: Record<string, TypeSpec>;
}

/** Loads the specification `@aws-cdk/cfnspec` ships. */
export function loadSpecification(): ResourceSpecification {
  const require = createRequire(import.meta.url);
  return require("@aws-cdk/cfnspec/spec/specification.json");
}

/** Actions AWS only grants on `Resource: "*"` (no resource-level permissions). */
export const WILDCARD_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  "cloudwatch:PutMetricData",
  "ecr:GetAuthorizationToken",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DeleteNetworkInterface",
]);

const PSEUDO = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);
const RESOURCE_KEYS = new Set([
  "Type",
  "Properties",
  "DependsOn",
  "Condition",
  "Metadata",
  "DeletionPolicy",
  "UpdateReplacePolicy",
  "CreationPolicy",
  "UpdatePolicy",
]);

/** What the checks found. */
export interface ValidationResult {
  errors: string[];
  /** `Resource: "*"` statements accepted, with their actions. */
  wildcardExceptions: string[];
  resources: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const intrinsicName = (v: unknown) => {
  if (!isObj(v)) return null;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0].startsWith("Fn::")) ? keys[0] : null;
};
const isNoValue = (v: unknown) => isObj(v) && v.Ref === "AWS::NoValue";

class Checker {
  errors: string[] = [];
  wildcards: string[] = [];
  constructor(readonly spec: ResourceSpecification, readonly template: Template) {}

  get resources(): Obj {
    return (this.template.Resources ?? {}) as Obj;
  }

  /** Validates a value against a property spec; `Fn::If` branches both. */
  value(value: unknown, prop: PropertySpec, owner: string, path: string): void {
    const fn = intrinsicName(value);
    if (fn === "Fn::If") {
      const [, a, b] = (value as Obj)["Fn::If"] as unknown[];
      for (const branch of [a, b]) if (!isNoValue(branch)) this.value(branch, prop, owner, path);
      return;
    }
    if (fn || prop.PrimitiveType) return;
    if (prop.Type === "List" || prop.Type === "Map") {
      const items = prop.Type === "List"
        ? (Array.isArray(value) ? value : this.fail(`${path}: expected a list`) ?? [])
        : Object.values(isObj(value) ? value : {});
      if (!prop.ItemType) return;
      items.forEach((item, i) => {
        if (!isNoValue(item)) this.value(item, { Type: prop.ItemType }, owner, `${path}[${i}]`);
      });
      return;
    }
    if (prop.Type) this.object(value, this.propertyType(owner, prop.Type, path), owner, path);
  }

  propertyType(owner: string, name: string, path: string): TypeSpec | null {
    const found = this.spec.PropertyTypes[`${owner}.${name}`] ?? this.spec.PropertyTypes[name];
    if (!found) this.fail(`${path}: the specification has no property type ${owner}.${name}`);
    return found ?? null;
  }

  object(value: unknown, type: TypeSpec | null, owner: string, path: string): void {
    if (!type?.Properties) return;
    if (intrinsicName(value)) return this.value(value, {}, owner, path);
    if (!isObj(value)) return void this.fail(`${path}: expected an object`);
    for (const [key, child] of Object.entries(value)) {
      const prop = type.Properties[key];
      if (!prop) this.fail(`${path}.${key}: not a property of ${owner}`);
      else this.value(child, prop, owner, `${path}.${key}`);
    }
    for (const [key, prop] of Object.entries(type.Properties)) {
      if (prop.Required && !(key in value)) this.fail(`${path}: missing required ${key}`);
    }
  }

  resource(id: string, resource: unknown): void {
    if (!isObj(resource)) return void this.fail(`${id}: not an object`);
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) this.fail(`${id}: unknown resource attribute ${key}`);
    }
    const type = String(resource.Type);
    const sam = SAM_TYPES[type];
    if (sam) {
      for (const [key, child] of Object.entries((resource.Properties ?? {}) as Obj)) {
        if (!sam.properties.has(key)) this.fail(`${id}.${key}: not a property of ${type}`);
        const nested = sam.nested?.[key];
        if (nested && isObj(child) && !intrinsicName(child)) {
          for (const k of Object.keys(child)) {
            if (!nested.has(k)) this.fail(`${id}.${key}.${k}: not a property of ${type}`);
          }
        }
      }
      return;
    }
    const spec = this.spec.ResourceTypes[type];
    if (!spec) return void this.fail(`${id}: unknown resource type ${type}`);
    this.object(resource.Properties ?? {}, spec, type, id);
  }

  fail(message: string): undefined {
    this.errors.push(message);
    return undefined;
  }
}

/** Names a `Fn::Sub` string refers to (`${Name}` and `${Name.Attr}`; `${!x}` is literal). */
function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1].trim());
}

function checkReferences(c: Checker): void {
  const t = c.template;
  const params = new Set(Object.keys((t.Parameters ?? {}) as Obj));
  const conditions = new Set(Object.keys((t.Conditions ?? {}) as Obj));
  const resources = c.resources;
  const names = new Set([...params, ...Object.keys(resources), ...PSEUDO]);
  for (const [id, r] of Object.entries(resources)) {
    if ((r as Obj).Type === "AWS::Serverless::Function") {
      samGeneratedNames(id).forEach((n) => names.add(n));
    }
  }
  const attributeOk = (res: string, attr: string) => {
    const type = String((resources[res] as Obj | undefined)?.Type);
    const sam = SAM_TYPES[type];
    if (sam) return sam.attributes.has(attr);
    const attrs = c.spec.ResourceTypes[type]?.Attributes ?? {};
    return attr in attrs;
  };
  const visit = (node: unknown, where: string, locals: Set<string>): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`, locals));
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "Ref" && typeof value === "string" && !names.has(value) && !locals.has(value)) {
        c.fail(`${where}: !Ref ${value} names nothing`);
      } else if (key === "Fn::GetAtt" && Array.isArray(value)) {
        const [res, attr] = value as string[];
        if (!(res in resources)) c.fail(`${where}: !GetAtt ${res}.${attr}: no resource ${res}`);
        else if (!attributeOk(res, attr)) {
          c.fail(`${where}: !GetAtt ${res}.${attr}: no such attribute`);
        }
      } else if (key === "Fn::Sub") {
        const [text, vars] = Array.isArray(value) ? value : [value, {}];
        const own = new Set([...locals, ...Object.keys((vars ?? {}) as Obj)]);
        for (const v of subVariables(String(text))) {
          const [base, attr] = [v.split(".")[0], v.split(".").slice(1).join(".")];
          if (own.has(v)) continue;
          if (!names.has(base)) c.fail(`${where}: !Sub \${${v}} names nothing`);
          else if (attr && !PSEUDO.has(v) && !attributeOk(base, attr)) {
            c.fail(`${where}: !Sub \${${v}}: no such attribute`);
          }
        }
        if (vars) visit(vars, where, locals);
        continue;
      } else if ((key === "Fn::If" && Array.isArray(value)) || key === "Condition") {
        const name = key === "Fn::If" ? (value as unknown[])[0] : value;
        if (typeof name === "string" && !conditions.has(name)) {
          c.fail(`${where}: condition ${name} is not defined`);
        }
      }
      visit(value, where, locals);
    }
  };
  for (const section of ["Resources", "Outputs", "Conditions", "Globals"]) {
    for (const [id, node] of Object.entries((t[section] ?? {}) as Obj)) {
      visit(node, `${section}.${id}`, new Set());
      const deps = (node as Obj)?.DependsOn;
      for (const d of [deps ?? []].flat() as string[]) {
        if (!(d in resources)) c.fail(`${section}.${id}: DependsOn ${d} names no resource`);
      }
    }
  }
}

/** The statements of a `Statement` list, both branches of an `Fn::If` included. */
function branches(node: unknown): Obj[] {
  if (intrinsicName(node) === "Fn::If") {
    const [, a, b] = (node as Obj)["Fn::If"] as unknown[];
    return [a, b].filter((x) => !isNoValue(x)).flatMap(branches);
  }
  return isObj(node) ? [node] : [];
}

function statementsOf(node: unknown, out: { where: string; statement: Obj }[], where: string) {
  if (Array.isArray(node)) return node.forEach((n, i) => statementsOf(n, out, `${where}[${i}]`));
  if (!isObj(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "Statement") {
      for (const s of [value].flat().flatMap(branches)) out.push({ where, statement: s });
    } else statementsOf(value, out, `${where}.${key}`);
  }
}

function checkIam(c: Checker): void {
  const found: { where: string; statement: Obj }[] = [];
  statementsOf(c.resources, found, "Resources");
  for (const { where, statement } of found) {
    if (statement.Effect !== "Allow" || !("Resource" in statement)) continue;
    const resources = [statement.Resource].flat();
    if (!resources.includes("*")) continue;
    const actions = [statement.Action].flat().map(String);
    const sid = statement.Sid ? ` (${statement.Sid})` : "";
    if (actions.every((a) => WILDCARD_ONLY_ACTIONS.has(a))) {
      c.wildcards.push(`${where}${sid}: ${actions.join(", ")}`);
    } else {
      c.fail(`${where}${sid}: Resource "*" for ${actions.join(", ")}`);
    }
  }
}

/** Runs every check on a parsed template. */
export function validateTemplate(
  template: Template,
  spec: ResourceSpecification = loadSpecification(),
): ValidationResult {
  const c = new Checker(spec, template);
  for (const [id, resource] of Object.entries(c.resources)) c.resource(id, resource);
  const globals = ((template.Globals ?? {}) as Obj).Function;
  for (const key of Object.keys(isObj(globals) ? globals : {})) {
    if (!SAM_GLOBAL_FUNCTION_KEYS.has(key)) c.fail(`Globals.Function.${key}: not allowed`);
  }
  const usesSam = Object.values(c.resources).some((r) =>
    String((r as Obj).Type).startsWith("AWS::Serverless::")
  );
  if (usesSam && template.Transform !== "AWS::Serverless-2016-10-31") {
    c.fail("SAM resources need Transform: AWS::Serverless-2016-10-31");
  }
  checkReferences(c);
  checkIam(c);
  return {
    errors: c.errors,
    wildcardExceptions: c.wildcards,
    resources: Object.keys(c.resources).length,
  };
}

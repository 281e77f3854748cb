/**
 * Reads a CloudFormation YAML template: the short-form intrinsic tags (`!Ref`, `!GetAtt`,
 * `!Sub`, `!If`, …) become their long JSON forms (`{"Ref": …}`, `{"Fn::GetAtt": […]}`),
 * exactly as CloudFormation itself reads them.
 *
 * @module
 */
import { type CollectionTag, parse, type ScalarTag } from "yaml";

const FUNCTIONS = [
  "And",
  "Base64",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAZs",
  "GetAtt",
  "If",
  "ImportValue",
  "Join",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
  "Transform",
  "Length",
  "ToJsonString",
];

/** A parsed template, in the long form. */
export type Template = Record<string, unknown>;

function tags(): (ScalarTag | CollectionTag)[] {
  const out: (ScalarTag | CollectionTag)[] = [];
  const wrap = (name: string, value: unknown) => {
    if (name === "Ref") return { Ref: value };
    if (name === "Condition") return { Condition: value };
    // `!GetAtt A.B` is the scalar form of `Fn::GetAtt: [A, B]`.
    if (name === "GetAtt" && typeof value === "string") {
      const dot = value.indexOf(".");
      return { "Fn::GetAtt": [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [`Fn::${name}`]: value };
  };
  for (const name of [...FUNCTIONS, "Ref", "Condition"]) {
    const tag = `!${name}`;
    out.push({ tag, resolve: (value: string) => wrap(name, value) } as ScalarTag);
    for (const collection of ["seq", "map"] as const) {
      out.push({
        tag,
        collection,
        resolve: (node: { toJSON(): unknown }) => wrap(name, node.toJSON()),
      } as unknown as CollectionTag);
    }
  }
  return out;
}

/** Parses template text (YAML or JSON) into its long form. */
export function parseTemplate(text: string): Template {
  const doc = parse(text, { customTags: tags(), maxAliasCount: -1 }) as Template;
  if (!doc || typeof doc !== "object") throw new Error("not a template");
  return doc;
}

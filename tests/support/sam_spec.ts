/**
 * The AWS SAM resource types this project's templates may use, with their documented
 * properties and attributes (from the SAM specification, `AWS::Serverless::*`), since the
 * CloudFormation resource specification does not cover the SAM transform.
 *
 * @module
 */

/** Known properties and `Fn::GetAtt` attributes of a SAM resource type. */
export interface SamType {
  properties: ReadonlySet<string>;
  attributes: ReadonlySet<string>;
  /** Nested property objects whose keys are known too. */
  nested?: Record<string, ReadonlySet<string>>;
}

const set = (...names: string[]) => new Set(names);

/** `AWS::Serverless::Function` (SAM v2016-10-31). */
const FUNCTION: SamType = {
  properties: set(
    "Architectures",
    "AssumeRolePolicyDocument",
    "AutoPublishAlias",
    "AutoPublishAliasAllProperties",
    "AutoPublishCodeSha256",
    "CodeSigningConfigArn",
    "CodeUri",
    "DeadLetterQueue",
    "DeploymentPreference",
    "Description",
    "Environment",
    "EphemeralStorage",
    "EventInvokeConfig",
    "Events",
    "FileSystemConfigs",
    "FunctionName",
    "FunctionUrlConfig",
    "Handler",
    "ImageConfig",
    "ImageUri",
    "InlineCode",
    "KmsKeyArn",
    "Layers",
    "LoggingConfig",
    "MemorySize",
    "PackageType",
    "PermissionsBoundary",
    "Policies",
    "PropagateTags",
    "ProvisionedConcurrencyConfig",
    "RecursiveLoop",
    "ReservedConcurrentExecutions",
    "Role",
    "RolePath",
    "Runtime",
    "RuntimeManagementConfig",
    "SnapStart",
    "SourceKMSKeyArn",
    "Tags",
    "Timeout",
    "Tracing",
    "VersionDescription",
    "VpcConfig",
  ),
  attributes: set("Arn"),
  nested: {
    EventInvokeConfig: set("DestinationConfig", "MaximumEventAgeInSeconds", "MaximumRetryAttempts"),
    LoggingConfig: set("ApplicationLogLevel", "LogFormat", "LogGroup", "SystemLogLevel"),
    Environment: set("Variables"),
  },
};

/** SAM types by name. */
export const SAM_TYPES: Record<string, SamType> = { "AWS::Serverless::Function": FUNCTION };

/** Keys SAM allows under `Globals.Function`. */
export const SAM_GLOBAL_FUNCTION_KEYS: ReadonlySet<string> = new Set(
  [...FUNCTION.properties].filter((p) =>
    !["Events", "FunctionName", "Policies", "Role", "DeploymentPreference"].includes(p)
  ),
);

/** Resources SAM generates from a function, which a template may reference by name. */
export function samGeneratedNames(logicalId: string): string[] {
  return [`${logicalId}Role`, `${logicalId}EventInvokeConfig`];
}

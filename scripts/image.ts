/**
 * `deno task image`: builds the production container image with Docker, or with Finch
 * when `USE_FINCH=1`. `PLATFORM` picks the target (default linux/arm64, e.g. for
 * Graviton / Fargate arm64); `IMAGE` names the tag (default lorechat:latest).
 */
const useFinch = Deno.env.get("USE_FINCH") === "1";
const platform = Deno.env.get("PLATFORM") ?? "linux/arm64";
const image = Deno.env.get("IMAGE") ?? "lorechat:latest";
const tool = useFinch ? "finch" : "docker";
const args = useFinch
  ? ["build", "--platform", platform, "--target", "runtime", "-t", image, "."]
  : ["buildx", "build", "--platform", platform, "--target", "runtime", "-t", image, "--load", "."];
console.log(`$ ${tool} ${args.join(" ")}`);
try {
  const { code } = await new Deno.Command(tool, { args, stdout: "inherit", stderr: "inherit" })
    .spawn().status;
  Deno.exit(code);
} catch (error) {
  if (error instanceof Deno.errors.NotFound) {
    console.error(`${tool} is not installed; install it or set USE_FINCH=${useFinch ? 0 : 1}`);
    Deno.exit(127);
  }
  throw error;
}

using System.CommandLine;
using FhirChain.Verify.Proofs;
using FhirChain.Verify.Resources;

namespace FhirChain.Verify.Cli;

/// <summary>
/// The fhirchain-verify command line: <c>resource</c> and <c>consistency</c>. Prints <c>verified</c>
/// (exit 0) or <c>NOT verified: &lt;reason&gt;</c> (exit 1); bad arguments or unreadable files exit 2.
/// </summary>
internal static class VerifyCli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Offline verifier for FhirChain provenance proofs: needs no server and no database.");
        root.Subcommands.Add(ResourceCommand(stdout));
        root.Subcommands.Add(ConsistencyCommand(stdout));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine(error.Message);
            }

            return ExitCodes.BadArguments;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            stderr.WriteLine(ex.Message);
            return ExitCodes.BadArguments;
        }
    }

    private static Command ResourceCommand(TextWriter stdout)
    {
        var resource = new Option<FileInfo>("--resource") { Description = "The resource as the server served it (JSON or XML)." };
        var proof = new Option<FileInfo>("--proof") { Description = "The server's $verify output (Parameters JSON).", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "The log's verifier key (GET /log/key).", Required = true };
        var deleted = new Option<bool>("--deleted") { Description = "Verify a delete version: give --type, --id, --version, --last-updated instead of --resource." };
        var type = new Option<string>("--type") { Description = "Resource type of the deleted resource." };
        var id = new Option<string>("--id") { Description = "Logical id of the deleted resource." };
        var version = new Option<string>("--version") { Description = "Version id of the delete." };
        var lastUpdated = new Option<string>("--last-updated") { Description = "meta.lastUpdated of the delete, exactly as the server returned it." };

        var command = new Command("resource", "Verify that a resource version is the one recorded in the signed log.")
        {
            resource, proof, key, deleted, type, id, version, lastUpdated,
        };
        command.SetAction(parseResult =>
        {
            var resourceFile = parseResult.GetValue(resource);
            ResourceIdentity identity;
            byte[]? canonical = null;
            if (parseResult.GetValue(deleted))
            {
                if (resourceFile is not null)
                {
                    throw new UsageException("--resource: not allowed with --deleted (a delete has no content).");
                }

                identity = new ResourceIdentity(
                    RequiredText(parseResult.GetValue(type), "--type"),
                    RequiredText(parseResult.GetValue(id), "--id"),
                    RequiredText(parseResult.GetValue(version), "--version"),
                    RequiredText(parseResult.GetValue(lastUpdated), "--last-updated"));
            }
            else
            {
                if (resourceFile is null)
                {
                    throw new UsageException("--resource: required (or --deleted with --type, --id, --version, --last-updated).");
                }

                var served = Load("--resource", () => ServedResource.Load(InputFiles.ReadBytes(resourceFile, "--resource")));
                identity = served.Identity;
                canonical = served.CanonicalContent;
            }

            var parameters = Load("--proof", () => VerifyParameters.Parse(InputFiles.ReadBytes(parseResult.GetValue(proof)!, "--proof")));
            var verifier = InputFiles.ReadKey(parseResult.GetValue(key)!, "--key", out var keyFailure);
            return Report(stdout, keyFailure ?? ResourceVerification.Verify(identity, canonical, parameters, verifier!));
        });
        return command;
    }

    private static Command ConsistencyCommand(TextWriter stdout)
    {
        var oldCheckpoint = new Option<FileInfo>("--old") { Description = "The older signed checkpoint.", Required = true };
        var newCheckpoint = new Option<FileInfo>("--new") { Description = "The newer signed checkpoint.", Required = true };
        var proof = new Option<FileInfo>("--proof") { Description = "The consistency proof JSON {\"hashes\": [...]}.", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "The log's verifier key (GET /log/key).", Required = true };

        var command = new Command("consistency", "Verify that the newer checkpoint's tree extends the older one's.")
        {
            oldCheckpoint, newCheckpoint, proof, key,
        };
        command.SetAction(parseResult =>
        {
            var oldText = InputFiles.ReadText(parseResult.GetValue(oldCheckpoint)!, "--old");
            var newText = InputFiles.ReadText(parseResult.GetValue(newCheckpoint)!, "--new");
            var hashes = Load("--proof", () => ConsistencyVerification.ParseProof(InputFiles.ReadBytes(parseResult.GetValue(proof)!, "--proof")));
            var verifier = InputFiles.ReadKey(parseResult.GetValue(key)!, "--key", out var keyFailure);
            return Report(stdout, keyFailure ?? ConsistencyVerification.Verify(oldText, newText, hashes, verifier!));
        });
        return command;
    }

    private static int Report(TextWriter stdout, VerifyOutcome outcome)
    {
        stdout.WriteLine(outcome.ToDisplay());
        return outcome.Verified ? ExitCodes.Verified : ExitCodes.NotVerified;
    }

    private static T Load<T>(string argument, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{argument}: {ex.Message}");
        }
    }

    private static string RequiredText(string? value, string argument) =>
        string.IsNullOrEmpty(value) ? throw new UsageException($"{argument}: required with --deleted.") : value;
}

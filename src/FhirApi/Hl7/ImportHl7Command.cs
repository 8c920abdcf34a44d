using System.CommandLine;
using FhirChain.FhirApi.Audit;
using FhirChain.FhirApi.Cli;
using Spectre.Console;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// <c>import-hl7 FILE [FILE...] [--Key=value ...]</c>: ingests ER7 files (single messages, several
/// messages one after another, or FHS/BHS batches) through <see cref="Hl7Ingest"/>, the same path as
/// MLLP and <c>POST /hl7v2</c>, writes their AuditEvents, and prints a summary. Exit code 0 when every message was accepted
/// (or was a duplicate), 1 when any failed, 2 for a bad argument.
/// </summary>
internal static class ImportHl7Command
{
    private const int ErrorsShown = 5;

    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "ER7 files to import; --Key=value arguments set configuration (e.g. --ConnectionStrings:Fhir=...).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("import-hl7", "Import HL7 v2 messages (ER7 files) through the server's write path.");
        command.Arguments.Add(files);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) =>
            RunAsync([.. parse.GetValue(files) ?? [], .. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] tokens, CancellationToken cancellationToken)
    {
        var configuration = tokens.Where(t => t.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var paths = tokens.Where(t => !t.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (paths.Length == 0)
        {
            AnsiConsole.MarkupLine("[red]import-hl7 needs at least one ER7 file.[/]");
            return 2;
        }

        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]File not found: {missing}[/]");
            return 2;
        }

        var messages = new List<(string Source, string Text)>();
        var summary = new ImportSummary();
        foreach (var path in paths)
        {
            var contents = Er7FileContents.Split(await File.ReadAllTextAsync(path, cancellationToken));
            messages.AddRange(contents.Messages.Select((text, i) => ($"{path} #{i + 1}", text)));
            foreach (var error in contents.BatchErrors)
            {
                summary.AddBatchError(path, error.ToString());
            }
        }

        using var host = await CliHost.StartAsync(configuration, cancellationToken);
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Importing HL7 v2 messages", maxValue: Math.Max(1, messages.Count));
                foreach (var (source, text) in messages)
                {
                    await using var scope = host.Services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<Hl7Ingest>().IngestAsync(text, cancellationToken);
                    summary.Add(source, result);
                    task.Increment(1);
                }
            });

        // The messages' AuditEvents were only queued: the CLI host runs no background writer.
        await host.Services.GetRequiredService<AuditWriter>().CompleteAsync(cancellationToken);
        summary.Write(ErrorsShown);
        return summary.Failed > 0 ? 1 : 0;
    }
}

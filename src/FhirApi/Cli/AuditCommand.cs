using System.CommandLine;
using System.Globalization;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace FhirChain.FhirApi.Cli;

/// <summary>
/// <c>audit</c>: re-hashes every stored version, rebuilds the log, and compares it with the stored
/// nodes, the signed checkpoints and the witness. Exit code 0 when clean, 1 when anything is off,
/// 2 when the audit could not run.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Check every stored version against the provenance log and report altered, missing or extra versions.");
        var settings = new Option<string[]>("--set") { Description = "Configuration overrides as Key=Value (e.g. --set ConnectionStrings:Fhir=\"Data Source=other.db\")", AllowMultipleArgumentsPerToken = true };
        command.Options.Add(settings);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = (parseResult.GetValue(settings) ?? []).Select(s => "--" + s).ToArray();
            return await RunAsync(overrides, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] configuration, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(configuration, cancellationToken);
        var auditor = host.Services.GetRequiredService<LogAuditor>();
        var contexts = host.Services.GetRequiredService<IFhirDbContextFactory>();
        long total;
        await using (var db = contexts.CreateDbContext())
        {
            total = await db.ResourceVersions.LongCountAsync(cancellationToken);
        }

        AuditReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Re-hashing stored versions", maxValue: Math.Max(total, 1));
                var progress = new Progress<long>(done => task.Value = done);
                report = await auditor.AuditAsync(contexts, progress, cancellationToken);
                task.Value = task.MaxValue;
            });

        Print(report!);
        return report!.IsClean ? 0 : 1;
    }

    private static void Print(AuditReport report)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{report.VersionsChecked} versions, {report.LeavesChecked} leaves, {report.NodesChecked} nodes, {report.CheckpointsChecked} checkpoints checked in {report.Elapsed.TotalSeconds:F1} s ({report.VersionsPerSecond:F0} versions/s)");
        if (report.IsClean)
        {
            AnsiConsole.MarkupLine($"[green]Log verified:[/] {Markup.Escape(summary)}");
            return;
        }

        var table = new Table().AddColumn("Problem").AddColumn("What").AddColumn("Detail");
        foreach (var finding in report.Findings)
        {
            table.AddRow(finding.Kind.ToString(), Markup.Escape(finding.Subject), Markup.Escape(finding.Detail));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[red]Log NOT verified: {report.Findings.Count} problem(s).[/] {Markup.Escape(summary)}");
    }
}

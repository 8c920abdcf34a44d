using Spectre.Console;

namespace FhirChain.FhirApi.Hl7v2;

/// <summary>Counts of an <c>import-hl7</c> run by outcome, and the failures in the order met.</summary>
internal sealed class ImportSummary
{
    private readonly Dictionary<Hl7IngestOutcome, int> counts = Enum.GetValues<Hl7IngestOutcome>().ToDictionary(o => o, _ => 0);
    private readonly List<(string Source, string Outcome, string Text)> failures = [];

    public int Failed => counts[Hl7IngestOutcome.Error] + counts[Hl7IngestOutcome.Rejected];

    public void Add(string source, Hl7IngestResult result)
    {
        counts[result.Outcome]++;
        if (result.Outcome is Hl7IngestOutcome.Error or Hl7IngestOutcome.Rejected)
        {
            var id = result.ControlId.Length > 0 ? $" (MSH-10 {result.ControlId})" : string.Empty;
            failures.Add((source + id, result.Outcome == Hl7IngestOutcome.Error ? "AE" : "AR", string.Join(" | ", result.Errors)));
        }
    }

    /// <summary>A fault of a batch file outside any one message (counted as rejected).</summary>
    public void AddBatchError(string path, string text)
    {
        counts[Hl7IngestOutcome.Rejected]++;
        failures.Add((path, "AR", text));
    }

    public void Write(int errorsShown)
    {
        var table = new Table().AddColumns("accepted", "errors (AE)", "rejected (AR)", "duplicates");
        table.AddRow(
            counts[Hl7IngestOutcome.Accepted].ToString(System.Globalization.CultureInfo.InvariantCulture),
            counts[Hl7IngestOutcome.Error].ToString(System.Globalization.CultureInfo.InvariantCulture),
            counts[Hl7IngestOutcome.Rejected].ToString(System.Globalization.CultureInfo.InvariantCulture),
            counts[Hl7IngestOutcome.Duplicate].ToString(System.Globalization.CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        foreach (var (source, outcome, text) in failures.Take(errorsShown))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{outcome}[/] {source}: {text}");
        }

        if (failures.Count > errorsShown)
        {
            AnsiConsole.MarkupLineInterpolated($"... and {failures.Count - errorsShown} more failures.");
        }
    }
}

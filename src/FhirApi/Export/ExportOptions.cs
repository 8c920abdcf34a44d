using System.ComponentModel.DataAnnotations;

namespace FhirChain.FhirApi.Export;

/// <summary>The <c>Export</c> section.</summary>
internal sealed class ExportOptions
{
    public const string Section = "Export";

    /// <summary>Where NDJSON files are written, one folder per job.</summary>
    [Required]
    public string Directory { get; set; } = "data/exports";

    /// <summary>How often the background worker looks for queued jobs.</summary>
    [Range(0.05, 3600)]
    public double PollSeconds { get; set; } = 1;

    /// <summary>Whether this instance runs export jobs (kick-off and status work either way).</summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>Resources read per database round trip.</summary>
    [Range(1, 100000)]
    public int ChunkSize { get; set; } = 2000;
}

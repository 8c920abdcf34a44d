namespace FhirChain.FhirApi.Export;

/// <summary>The states of an export job.</summary>
internal static class ExportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

namespace FhirChain.FhirApi.Export;

/// <summary>Where a job's NDJSON files live: <c>Export:Directory/{job id}/{Type}.ndjson</c>.</summary>
internal static class ExportFiles
{
    public static string JobDirectory(ExportOptions options, string jobId) => Path.Combine(Path.GetFullPath(options.Directory), jobId);

    /// <summary>The path of a file of a job, or null when the name is not a plain file name.</summary>
    public static string? PathOf(ExportOptions options, string jobId, string fileName) =>
        fileName.Length == 0 || fileName != Path.GetFileName(fileName) || jobId != Path.GetFileName(jobId)
            ? null
            : Path.Combine(JobDirectory(options, jobId), fileName);

    public static void Delete(ExportOptions options, string jobId)
    {
        var directory = JobDirectory(options, jobId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

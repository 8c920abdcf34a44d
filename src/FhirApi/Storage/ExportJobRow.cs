namespace FhirChain.FhirApi.Storage;

/// <summary>One Bulk Data <c>$export</c> job: its request, its caller, its state and (when done) its manifest.</summary>
internal sealed class ExportJobRow
{
    public required string Id { get; set; }

    /// <summary><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; set; }

    /// <summary><c>system</c>, <c>patient</c> or <c>group</c>.</summary>
    public required string Level { get; set; }

    public string? GroupId { get; set; }

    /// <summary>The <c>_type</c> list, comma separated; null for every type.</summary>
    public string? Types { get; set; }

    public long? SinceMs { get; set; }

    /// <summary>The <c>_typeFilter</c> queries, one per line.</summary>
    public string? TypeFilters { get; set; }

    public bool Deidentify { get; set; }

    /// <summary>Key of the pseudonyms and date shifts of a de-identified export (stable across restarts).</summary>
    public byte[]? DeidentifyKey { get; set; }

    public required string RequestUrl { get; set; }

    public required string BaseUrl { get; set; }

    /// <summary>The caller the job reads as (JSON: subject, scopes, patient, purpose of use, fhirUser).</summary>
    public required string CallerJson { get; set; }

    public long TransactionTimeMs { get; set; }

    public long UpdatedMs { get; set; }

    public string? Progress { get; set; }

    public string? ManifestJson { get; set; }

    public string? Error { get; set; }
}

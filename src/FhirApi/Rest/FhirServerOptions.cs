using System.ComponentModel.DataAnnotations;

namespace FhirChain.FhirApi.Rest;

/// <summary>The <c>Fhir</c> section.</summary>
internal sealed class FhirServerOptions
{
    public const string Section = "Fhir";

    /// <summary>Largest request body accepted; larger ones get 413 with an OperationOutcome.</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Whether unknown search parameters are errors when the client sends no <c>Prefer: handling</c>.</summary>
    public bool StrictSearchByDefault { get; set; }

    /// <summary>
    /// With <c>_total=estimate</c>, matches are counted up to this many; a search with more reports
    /// PostgreSQL's planner estimate (at least this number), or this number on other databases.
    /// </summary>
    [Range(1, 10_000_000)]
    public int TotalEstimateThreshold { get; set; } = 1000;
}

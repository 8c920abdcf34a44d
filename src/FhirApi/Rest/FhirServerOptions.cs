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
}

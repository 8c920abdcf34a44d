using System.Text.Json.Serialization;

namespace FhirChain.FhirApi.Export;

/// <summary>One NDJSON file of a manifest.</summary>
internal sealed record ExportOutput(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("count")] int Count);

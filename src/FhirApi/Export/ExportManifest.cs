using System.Text.Json.Serialization;

namespace FhirChain.FhirApi.Export;

/// <summary>The Bulk Data completion manifest.</summary>
internal sealed record ExportManifest(
    [property: JsonPropertyName("transactionTime")] string TransactionTime,
    [property: JsonPropertyName("request")] string Request,
    [property: JsonPropertyName("requiresAccessToken")] bool RequiresAccessToken,
    [property: JsonPropertyName("output")] IReadOnlyList<ExportOutput> Output,
    [property: JsonPropertyName("error")] IReadOnlyList<ExportOutput> Error);

using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Fhir;

/// <summary>
/// What an interaction produced: a status, an optional resource (or its stored JSON, served as is
/// when the client wants JSON), and the FHIR headers. Expected failures are responses too: see
/// <see cref="Outcomes"/>.
/// </summary>
internal sealed record FhirResponse(int StatusCode)
{
    public Resource? Resource { get; init; }

    /// <summary>The stored JSON of <see cref="Resource"/>, when it came from storage.</summary>
    public string? StoredJson { get; init; }

    public string? ResourceType { get; init; }

    public string? Id { get; init; }

    public string? VersionId { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? Location { get; init; }

    public long? LeafIndex { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Extra headers (Content-Location of an async job, for example).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string? ETag => VersionId is null ? null : $"W/\"{VersionId}\"";

    public static FhirResponse Of(int statusCode, Resource resource) => new(statusCode) { Resource = resource };
}

using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Fhir;

/// <summary>
/// What an interaction produced: a status, an optional resource (or its stored JSON, served as is
/// when the client wants JSON, or a bundle of stored JSON, see <see cref="StoredBundle"/>), and the
/// FHIR headers. Expected failures are responses too: see
/// <see cref="Outcomes"/>.
/// </summary>
internal sealed record FhirResponse(int StatusCode)
{
    private readonly Resource? resource;
    private readonly StoredBundle? storedBundle;

    /// <summary>The resource; for a <see cref="StoredBundle"/>, its Bundle, parsed the first time it is asked for.</summary>
    public Resource? Resource
    {
        get => resource ?? StoredBundle?.Bundle;
        init => resource = value;
    }

    /// <summary>
    /// A searchset or history bundle whose entries are still stored JSON; none when a <see cref="Resource"/>
    /// was given (a copy made <c>with</c> another resource does not keep serving the bundle).
    /// </summary>
    public StoredBundle? StoredBundle
    {
        get => resource is null ? storedBundle : null;
        init => storedBundle = value;
    }

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

    /// <summary>Whether there is a body to write, without parsing anything to know.</summary>
    public bool HasBody => resource is not null || StoredJson is not null || storedBundle is not null;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public string? ETag => VersionId is null ? null : $"W/\"{VersionId}\"";

    public static FhirResponse Of(int statusCode, Resource resource) => new(statusCode) { Resource = resource };

    public static FhirResponse Of(int statusCode, StoredBundle bundle) => new(statusCode) { StoredBundle = bundle };
}
